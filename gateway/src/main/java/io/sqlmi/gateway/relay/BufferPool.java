package io.sqlmi.gateway.relay;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size, reused by one event loop (no locking). A session holds buffers only while bytes
 * are in flight, so an idle session holds none: that is what keeps a thousand idle sessions small.
 */
final class BufferPool {
    static final int BUFFER_SIZE = 64 * 1024;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    BufferPool(int maxPooled) {
        this.maxPooled = maxPooled;
    }

    /** A cleared buffer of {@link #BUFFER_SIZE} bytes. */
    ByteBuffer take() {
        ByteBuffer buffer = free.pollFirst();
        return buffer == null ? ByteBuffer.allocateDirect(BUFFER_SIZE) : buffer.clear();
    }

    void give(ByteBuffer buffer) {
        if (buffer != null && buffer.isDirect() && buffer.capacity() == BUFFER_SIZE && free.size() < maxPooled) {
            free.addFirst(buffer);
        }
    }
}
