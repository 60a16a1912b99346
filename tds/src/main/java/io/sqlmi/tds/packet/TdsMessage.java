package io.sqlmi.tds.packet;

/**
 * One reassembled TDS message: the payloads of its packets up to end-of-message, concatenated.
 * {@code status} is the status byte of the first packet (where reset-connection flags live).
 */
public record TdsMessage(int type, int status, byte[] payload) {
    public boolean resetConnection() {
        return (status & (PacketStatus.RESET_CONNECTION | PacketStatus.RESET_CONNECTION_SKIP_TRANSACTION)) != 0;
    }
}
