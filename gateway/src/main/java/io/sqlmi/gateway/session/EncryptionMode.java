package io.sqlmi.gateway.session;

import io.sqlmi.tds.prelogin.Encryption;

/**
 * The TLS a side of a session runs: none, the LOGIN7 packet only (ENCRYPT_OFF on both sides), the whole session
 * after a PRELOGIN-wrapped handshake, or TDS 8.0 strict (TLS from the first byte).
 */
public enum EncryptionMode {
    NONE("none"),
    LOGIN_ONLY("login-only"),
    FULL("on"),
    STRICT("strict");

    private final String label;

    EncryptionMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static EncryptionMode of(Encryption.Outcome outcome) {
        return switch (outcome) {
            case LOGIN_ONLY -> LOGIN_ONLY;
            case FULL -> FULL;
            default -> NONE;
        };
    }

    /** What the gateway asks an engine for, to give the hop to the engine the protection the client chose. */
    Encryption engineRequest() {
        return switch (this) {
            case NONE -> Encryption.NOT_SUPPORTED;
            case LOGIN_ONLY -> Encryption.OFF;
            case FULL -> Encryption.ON;
            case STRICT -> Encryption.NOT_SUPPORTED;
        };
    }
}
