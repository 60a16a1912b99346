package io.sqlmi.gateway.relay;

import io.sqlmi.tds.packet.TdsPacket;
import java.nio.ByteBuffer;

/**
 * Follows the TDS packets in one direction of a relayed stream, so that the relay hands TLS one packet at a time,
 * as drivers do (one write per packet, split into records of at most 16 KiB only when a packet is larger). Records
 * then never mix two packets, whichever way the bytes arrived; SQL Server is said to expect exactly that layout
 * (go-mssqldb disables Go's record resizing for it). A stream that stops looking like TDS is passed on as it comes.
 */
final class PacketBoundaries {
    private final byte[] header = new byte[TdsPacket.HEADER_LENGTH];
    private int headerBytes;
    private int left;

    /** How many of the bytes at {@code plain}'s position belong to the current packet (all of them if unknown). */
    int nextChunk(ByteBuffer plain) {
        int available = plain.remaining();
        if (left > 0) {
            return Math.min(left, available);
        }
        if (headerBytes + available < TdsPacket.HEADER_LENGTH) {
            return available;
        }
        byte[] full = header.clone();
        for (int i = headerBytes; i < TdsPacket.HEADER_LENGTH; i++) {
            full[i] = plain.get(plain.position() + i - headerBytes);
        }
        int length = (full[2] & 0xFF) << 8 | (full[3] & 0xFF);
        if (length < TdsPacket.HEADER_LENGTH) {
            return available;
        }
        return Math.min(length - headerBytes, available);
    }

    /** Records that {@code count} bytes starting at {@code start} of {@code plain} were handed to TLS. */
    void consumed(ByteBuffer plain, int start, int count) {
        int done = 0;
        while (done < count) {
            if (left > 0) {
                int step = Math.min(left, count - done);
                left -= step;
                done += step;
                continue;
            }
            header[headerBytes++] = plain.get(start + done);
            done++;
            if (headerBytes == TdsPacket.HEADER_LENGTH) {
                int length = (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
                left = Math.max(0, length - TdsPacket.HEADER_LENGTH);
                headerBytes = 0;
            }
        }
    }
}
