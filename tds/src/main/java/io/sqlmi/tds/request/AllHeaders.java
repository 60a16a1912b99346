package io.sqlmi.tds.request;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.wire.ByteReader;

/**
 * ALL_HEADERS, which TDS 7.2+ puts before SQL batches, RPCs and transaction manager requests
 * (MS-TDS 2.2.5.3). Only the transaction descriptor is kept.
 */
public record AllHeaders(long transactionDescriptor, int outstandingRequests) {
    private static final int TRANSACTION_DESCRIPTOR = 0x0002;

    public static final AllHeaders NONE = new AllHeaders(0, 1);

    public static AllHeaders read(ByteReader reader) {
        int start = reader.position();
        long total = reader.u32();
        if (total < 4 || total > reader.remaining() + 4L) {
            throw new TdsProtocolException("ALL_HEADERS length " + total + " outside the message");
        }
        long descriptor = 0;
        int outstanding = 1;
        while (reader.position() < start + total) {
            int headerStart = reader.position();
            long length = reader.u32();
            if (length < 6 || headerStart + length > start + total) {
                throw new TdsProtocolException("ALL_HEADERS entry of length " + length);
            }
            int type = reader.u16();
            if (type == TRANSACTION_DESCRIPTOR && length >= 18) {
                descriptor = reader.i64();
                outstanding = reader.i32();
            }
            reader.position(headerStart + (int) length);
        }
        return new AllHeaders(descriptor, outstanding);
    }
}
