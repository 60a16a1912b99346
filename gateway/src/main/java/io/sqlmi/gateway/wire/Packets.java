package io.sqlmi.gateway.wire;

import io.sqlmi.tds.packet.PacketStatus;
import io.sqlmi.tds.packet.TdsPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Splits a message payload into TDS packets of a given size, end-of-message set on the last one. */
public final class Packets {
    /** The packet size every TDS peer accepts before a login negotiated another. */
    public static final int LOGIN_PACKET_SIZE = 4096;

    private Packets() {
    }

    public static List<ByteBuffer> frame(int type, byte[] payload, int packetSize) {
        int chunk = packetSize - TdsPacket.HEADER_LENGTH;
        List<ByteBuffer> packets = new ArrayList<>();
        int offset = 0;
        int packetId = 1;
        do {
            int length = Math.min(chunk, payload.length - offset);
            boolean last = offset + length >= payload.length;
            ByteBuffer packet = ByteBuffer.allocate(TdsPacket.HEADER_LENGTH + length);
            packet.put((byte) type);
            packet.put((byte) (last ? PacketStatus.END_OF_MESSAGE : 0));
            packet.putShort((short) (TdsPacket.HEADER_LENGTH + length));
            packet.putShort((short) 0);
            packet.put((byte) packetId);
            packet.put((byte) 0);
            packet.put(payload, offset, length);
            packet.flip();
            packets.add(packet);
            offset += length;
            packetId = (packetId + 1) & 0xFF;
        } while (offset < payload.length);
        return packets;
    }
}
