package io.sqlmi.tds.packet;

import io.sqlmi.tds.TdsProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads packets and reassembles them into messages. The bound on message size is what keeps a
 * session's memory bounded against a client that never sends end-of-message.
 */
public final class TdsMessageReader {
    /** The packet length field is 16 bits; no valid packet is longer. */
    private static final int MAX_PACKET_LENGTH = 0xFFFF;

    private InputStream input;
    private final int maxMessageBytes;

    public TdsMessageReader(InputStream input, int maxMessageBytes) {
        this.input = input;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Switches the source, when TLS starts or (after a login-only TLS) stops. */
    public void input(InputStream newInput) {
        this.input = newInput;
    }

    public InputStream input() {
        return input;
    }

    /** Returns the next packet, or null when the peer closed the connection between packets. */
    public TdsPacket readPacket() throws IOException {
        byte[] header = new byte[TdsPacket.HEADER_LENGTH];
        int first = input.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, header.length - 1);
        int length = (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
        if (length < TdsPacket.HEADER_LENGTH || length > MAX_PACKET_LENGTH) {
            throw new TdsProtocolException("invalid packet length " + length);
        }
        byte[] payload = new byte[length - TdsPacket.HEADER_LENGTH];
        readFully(payload, 0, payload.length);
        int spid = (header[4] & 0xFF) << 8 | (header[5] & 0xFF);
        return new TdsPacket(header[0] & 0xFF, header[1] & 0xFF, spid, header[6] & 0xFF, payload);
    }

    /**
     * Returns the next whole message, or null at end of stream before a message began. Messages
     * the client withdrew with the IGNORE bit are skipped.
     */
    public TdsMessage readMessage() throws IOException {
        while (true) {
            TdsPacket packet = readPacket();
            if (packet == null) {
                return null;
            }
            if (packet.endOfMessage()) {
                if ((packet.status() & PacketStatus.IGNORE) != 0) {
                    continue;
                }
                checkSize(packet.payload().length);
                return new TdsMessage(packet.type(), packet.status(), packet.payload());
            }
            ByteArrayOutputStream assembled = new ByteArrayOutputStream(Math.max(packet.payload().length * 2, 64));
            assembled.write(packet.payload());
            boolean ignored = false;
            TdsPacket next;
            do {
                next = readPacket();
                if (next == null) {
                    throw new EOFException("connection closed inside a message");
                }
                if (next.type() != packet.type()) {
                    throw new TdsProtocolException("packet type changed from " + packet.type() + " to "
                            + next.type() + " inside one message");
                }
                checkSize(assembled.size() + next.payload().length);
                assembled.write(next.payload());
                ignored = (next.status() & PacketStatus.IGNORE) != 0;
            } while (!next.endOfMessage());
            if (!ignored) {
                return new TdsMessage(packet.type(), packet.status(), assembled.toByteArray());
            }
        }
    }

    private void checkSize(int size) {
        if (size > maxMessageBytes) {
            throw new TdsProtocolException("message larger than the limit of " + maxMessageBytes + " bytes");
        }
    }

    private void readFully(byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int count = input.read(buffer, offset + done, length - done);
            if (count < 0) {
                throw new EOFException("connection closed inside a packet");
            }
            done += count;
        }
    }
}
