package io.sqlmi.tds.request;

import io.sqlmi.tds.wire.ByteReader;

/** A SQL batch (packet type 0x01): ALL_HEADERS then UTF-16LE text (MS-TDS 2.2.6.7). */
public record SqlBatchRequest(AllHeaders headers, String text) {
    public static SqlBatchRequest parse(byte[] payload, boolean hasAllHeaders) {
        ByteReader reader = new ByteReader(payload);
        AllHeaders headers = hasAllHeaders ? AllHeaders.read(reader) : AllHeaders.NONE;
        if (reader.remaining() % 2 != 0) {
            throw new io.sqlmi.tds.TdsProtocolException("SQL batch text has an odd number of bytes");
        }
        return new SqlBatchRequest(headers, reader.utf16(reader.remaining() / 2));
    }
}
