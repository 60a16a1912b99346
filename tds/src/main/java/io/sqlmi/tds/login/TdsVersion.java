package io.sqlmi.tds.login;

/**
 * TDS versions as LOGIN7 carries them (little-endian on the wire) and LOGINACK echoes them
 * (big-endian). 8.0 is numerically smaller than 7.x, so never compare versions with {@code >=}
 * (tds-protocol.md section 4).
 */
public final class TdsVersion {
    public static final int V7_1 = 0x71000001;
    public static final int V7_2 = 0x72090002;
    public static final int V7_3A = 0x730A0003;
    public static final int V7_3B = 0x730B0003;
    public static final int V7_4 = 0x74000004;
    public static final int V8_0 = 0x08000000;

    private TdsVersion() {
    }

    /** The version a server acknowledges: the client's if known, else the newest 7.x. */
    public static int acknowledge(int clientVersion) {
        return switch (clientVersion) {
            case V7_1, V7_2, V7_3A, V7_3B, V7_4, V8_0 -> clientVersion;
            default -> V7_4;
        };
    }

    /** TDS 7.2 and later put ALL_HEADERS before batches, RPCs and transaction requests. */
    public static boolean atLeast72(int version) {
        int major = version >>> 24;
        return version == V8_0 || (major >= 0x72 && major <= 0x7F);
    }
}
