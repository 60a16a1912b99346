package io.sqlmi.tds.wire;

import io.sqlmi.tds.TdsProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Cursor over a received TDS payload. TDS payloads are little-endian except where a caller asks
 * for big-endian (packet headers, PRELOGIN offsets); every read is bounds-checked so that a
 * truncated or lying peer ends in {@link TdsProtocolException}, never in an index error.
 */
public final class ByteReader {
    private final byte[] data;
    private final int end;
    private int position;

    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    public ByteReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new TdsProtocolException("slice outside buffer");
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    public int position() {
        return position;
    }

    public void position(int newPosition) {
        if (newPosition < 0 || newPosition > end) {
            throw new TdsProtocolException("offset " + newPosition + " outside payload of " + end + " bytes");
        }
        position = newPosition;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    private void require(int count) {
        if (count < 0 || end - position < count) {
            throw new TdsProtocolException("payload ends early: need " + count + " bytes, have " + (end - position));
        }
    }

    public int u8() {
        require(1);
        return data[position++] & 0xFF;
    }

    public int u16() {
        require(2);
        int value = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        position += 2;
        return value;
    }

    public int u16BigEndian() {
        require(2);
        int value = (data[position] & 0xFF) << 8 | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    public int i32() {
        require(4);
        int value = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8
                | (data[position + 2] & 0xFF) << 16 | (data[position + 3] & 0xFF) << 24;
        position += 4;
        return value;
    }

    public long u32() {
        return i32() & 0xFFFFFFFFL;
    }

    public long i64() {
        long low = i32() & 0xFFFFFFFFL;
        long high = i32() & 0xFFFFFFFFL;
        return high << 32 | low;
    }

    /** Reads an unsigned little-endian integer of 1 to 8 bytes (dates and times use 3 and 5). */
    public long unsignedLittleEndian(int byteCount) {
        require(byteCount);
        long value = 0;
        for (int i = 0; i < byteCount; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += byteCount;
        return value;
    }

    public byte[] bytes(int count) {
        require(count);
        byte[] copy = new byte[count];
        System.arraycopy(data, position, copy, 0, count);
        position += count;
        return copy;
    }

    public void skip(int count) {
        require(count);
        position += count;
    }

    /** UCS-2 / UTF-16LE text of {@code charCount} code units. */
    public String utf16(int charCount) {
        require(charCount * 2);
        String text = new String(data, position, charCount * 2, StandardCharsets.UTF_16LE);
        position += charCount * 2;
        return text;
    }

    /** B_VARCHAR: one byte of length in characters, then UTF-16LE. */
    public String bVarchar() {
        return utf16(u8());
    }

    /** US_VARCHAR: two bytes of length in characters, then UTF-16LE. */
    public String usVarchar() {
        return utf16(u16());
    }

    /** Text at an absolute (offset, length-in-chars) pair, as LOGIN7 addresses its strings. */
    public String utf16At(int offset, int charCount) {
        if (charCount == 0) {
            return "";
        }
        if (offset < 0 || charCount < 0 || offset + charCount * 2 > end) {
            throw new TdsProtocolException("string at " + offset + " (" + charCount + " chars) outside payload");
        }
        return new String(data, offset, charCount * 2, StandardCharsets.UTF_16LE);
    }

    public byte[] bytesAt(int offset, int count) {
        if (offset < 0 || count < 0 || offset + count > end) {
            throw new TdsProtocolException("bytes at " + offset + " (" + count + ") outside payload");
        }
        byte[] copy = new byte[count];
        System.arraycopy(data, offset, copy, 0, count);
        return copy;
    }
}
