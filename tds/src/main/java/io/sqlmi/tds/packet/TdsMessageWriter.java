package io.sqlmi.tds.packet;

import io.sqlmi.tds.wire.ByteSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Streams one message at a time as packets of the negotiated size. A packet is written to the
 * socket only when it is full or the message ends, and the socket is flushed once per message, so
 * a large result never needs more memory than one packet and a small one costs one write.
 */
public final class TdsMessageWriter implements ByteSink {
    public static final int DEFAULT_PACKET_SIZE = 4096;
    public static final int MIN_PACKET_SIZE = 512;
    public static final int MAX_PACKET_SIZE = 32767;

    private OutputStream output;
    private byte[] packet;
    private int position;
    private int messageType;
    private int spid;
    private int packetId;
    private boolean inMessage;

    public TdsMessageWriter(OutputStream output) {
        this.output = output;
        this.packet = new byte[DEFAULT_PACKET_SIZE];
    }

    /** Switches the destination, when TLS starts or stops. */
    public void output(OutputStream newOutput) {
        this.output = newOutput;
    }

    public void spid(int sessionId) {
        this.spid = sessionId;
    }

    public int packetSize() {
        return packet.length;
    }

    /** Takes effect from the next message, as MS-TDS 2.2.7.9 (ENVCHANGE packet size) requires. */
    public void packetSize(int size) {
        if (inMessage) {
            throw new IllegalStateException("packet size changes between messages only");
        }
        int bounded = Math.max(MIN_PACKET_SIZE, Math.min(MAX_PACKET_SIZE, size));
        if (bounded != packet.length) {
            packet = new byte[bounded];
        }
    }

    public void beginMessage(int type) {
        messageType = type;
        position = TdsPacket.HEADER_LENGTH;
        packetId = 1;
        inMessage = true;
    }

    public boolean inMessage() {
        return inMessage;
    }

    @Override
    public void writeByte(int value) {
        if (position == packet.length) {
            emitPacket(false);
        }
        packet[position++] = (byte) value;
    }

    @Override
    public void writeBytes(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (position == packet.length) {
                emitPacket(false);
            }
            int chunk = Math.min(length, packet.length - position);
            System.arraycopy(bytes, offset, packet, position, chunk);
            position += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    /** Sends the last packet with end-of-message set and flushes the socket. */
    public void endMessage() throws IOException {
        try {
            emitPacket(true);
            output.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            inMessage = false;
        }
    }

    /** Writes a whole message from a prepared payload. */
    public void writeMessage(int type, byte[] payload) throws IOException {
        beginMessage(type);
        try {
            writeBytes(payload, 0, payload.length);
        } catch (UncheckedIOException e) {
            inMessage = false;
            throw e.getCause();
        }
        endMessage();
    }

    private void emitPacket(boolean last) {
        packet[0] = (byte) messageType;
        packet[1] = (byte) (last ? PacketStatus.END_OF_MESSAGE : 0);
        packet[2] = (byte) (position >>> 8);
        packet[3] = (byte) position;
        packet[4] = (byte) (spid >>> 8);
        packet[5] = (byte) spid;
        packet[6] = (byte) packetId;
        packet[7] = 0;
        packetId = (packetId + 1) & 0xFF;
        try {
            output.write(packet, 0, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position = TdsPacket.HEADER_LENGTH;
    }
}
