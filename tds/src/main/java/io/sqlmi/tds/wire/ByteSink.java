package io.sqlmi.tds.wire;

import java.nio.charset.StandardCharsets;

/**
 * Where token and value encoders write. Implemented by an in-memory buffer (to measure a token
 * before writing its length) and by the packet writer (which streams whole packets to the socket).
 */
public interface ByteSink {
    void writeByte(int value);

    void writeBytes(byte[] bytes, int offset, int length);

    default void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    default void writeShort(int value) {
        writeByte(value);
        writeByte(value >>> 8);
    }

    default void writeShortBigEndian(int value) {
        writeByte(value >>> 8);
        writeByte(value);
    }

    default void writeInt(int value) {
        writeByte(value);
        writeByte(value >>> 8);
        writeByte(value >>> 16);
        writeByte(value >>> 24);
    }

    default void writeIntBigEndian(int value) {
        writeByte(value >>> 24);
        writeByte(value >>> 16);
        writeByte(value >>> 8);
        writeByte(value);
    }

    default void writeLong(long value) {
        writeInt((int) value);
        writeInt((int) (value >>> 32));
    }

    /** Little-endian unsigned integer of 1 to 8 bytes (dates use 3 bytes, times 3 to 5). */
    default void writeUnsigned(long value, int byteCount) {
        for (int i = 0; i < byteCount; i++) {
            writeByte((int) (value >>> (8 * i)));
        }
    }

    default void writeUtf16(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_16LE);
        writeBytes(encoded, 0, encoded.length);
    }

    /** B_VARCHAR: character count in one byte, then UTF-16LE; longer text is cut at 255 chars. */
    default void writeBVarchar(String text) {
        String value = text == null ? "" : text.length() > 255 ? text.substring(0, 255) : text;
        writeByte(value.length());
        writeUtf16(value);
    }

    /** US_VARCHAR: character count in two bytes, then UTF-16LE. */
    default void writeUsVarchar(String text) {
        String value = text == null ? "" : text.length() > 65535 ? text.substring(0, 65535) : text;
        writeShort(value.length());
        writeUtf16(value);
    }
}
