package io.sqlmi.tds.prelogin;

/**
 * PRELOGIN ENCRYPTION values (MS-TDS 2.2.6.5) and the server's decision table
 * (tds-protocol.md section 2: client value x server value).
 */
public enum Encryption {
    OFF(0x00),
    ON(0x01),
    NOT_SUPPORTED(0x02),
    REQUIRED(0x03);

    /** Client certificate authentication bit that a client may OR into its value. */
    public static final int CLIENT_CERT_FLAG = 0x80;

    private final int wireValue;

    Encryption(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** go-mssqldb sends 4 in strict mode (not in MS-TDS); anything unknown reads as NOT_SUPPORTED. */
    public static Encryption fromWire(int value) {
        return switch (value & ~CLIENT_CERT_FLAG) {
            case 0x00 -> OFF;
            case 0x01 -> ON;
            case 0x03 -> REQUIRED;
            default -> NOT_SUPPORTED;
        };
    }

    /** What TLS a session gets, once both sides have spoken. */
    public enum Outcome {
        /** No TLS at all. */
        NONE,
        /** TLS for the LOGIN7 message only, then cleartext. */
        LOGIN_ONLY,
        /** TLS for the whole session. */
        FULL,
        /** The client requires encryption the server cannot give, or the reverse. */
        REFUSED
    }

    /**
     * The server's PRELOGIN answer to a client value.
     *
     * @param serverCanEncrypt a certificate is available
     * @param serverForcesEncryption the server wants the whole session encrypted whatever the client asks
     */
    public static Encryption serverAnswer(Encryption client, boolean serverCanEncrypt, boolean serverForcesEncryption) {
        if (!serverCanEncrypt) {
            return NOT_SUPPORTED;
        }
        return switch (client) {
            case ON, REQUIRED -> ON;
            case OFF -> serverForcesEncryption ? REQUIRED : OFF;
            case NOT_SUPPORTED -> serverForcesEncryption ? REQUIRED : NOT_SUPPORTED;
        };
    }

    public static Outcome outcome(Encryption client, Encryption server) {
        if (server == NOT_SUPPORTED) {
            return client == ON || client == REQUIRED ? Outcome.REFUSED : Outcome.NONE;
        }
        if (client == NOT_SUPPORTED) {
            return server == REQUIRED ? Outcome.REFUSED : Outcome.NONE;
        }
        if (client == OFF && server == OFF) {
            return Outcome.LOGIN_ONLY;
        }
        return Outcome.FULL;
    }
}
