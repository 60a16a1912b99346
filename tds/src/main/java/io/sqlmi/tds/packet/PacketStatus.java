package io.sqlmi.tds.packet;

/** Bits of the packet header's status byte (MS-TDS 2.2.3.1.2; tds-protocol.md section 1). */
public final class PacketStatus {
    public static final int END_OF_MESSAGE = 0x01;
    /** Set by a client (with EOM) to withdraw a message it had started to send. */
    public static final int IGNORE = 0x02;
    public static final int RESET_CONNECTION = 0x08;
    public static final int RESET_CONNECTION_SKIP_TRANSACTION = 0x10;

    private PacketStatus() {
    }
}
