package io.sqlmi.tds.wire;

import java.util.Arrays;

/** An in-memory {@link ByteSink}, used to build small messages and length-prefixed tokens. */
public final class GrowableBuffer implements ByteSink {
    private byte[] bytes;
    private int size;

    public GrowableBuffer() {
        this(256);
    }

    public GrowableBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    @Override
    public void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    @Override
    public void writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** Overwrites two little-endian bytes at {@code offset}, to fill in a length written last. */
    public void patchShort(int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }

    public void writeTo(ByteSink sink) {
        sink.writeBytes(bytes, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
