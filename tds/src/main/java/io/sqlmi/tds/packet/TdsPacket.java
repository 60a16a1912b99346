package io.sqlmi.tds.packet;

/** One TDS packet as read from the wire: header fields and payload. */
public record TdsPacket(int type, int status, int spid, int packetId, byte[] payload) {
    public static final int HEADER_LENGTH = 8;

    public boolean endOfMessage() {
        return (status & PacketStatus.END_OF_MESSAGE) != 0;
    }
}
