package io.sqlmi.gateway.routing;

import java.util.Locale;

/**
 * An instance's {@code minimalTlsVersion} (Azure's values: None, 1.0, 1.1, 1.2, 1.3). A login whose TLS
 * version is lower, or that used no TLS while the minimum is not None, is refused with error 47072.
 */
public enum MinimalTlsVersion {
    NONE("None", 0),
    TLS_1_0("1.0", 10),
    TLS_1_1("1.1", 11),
    TLS_1_2("1.2", 12),
    TLS_1_3("1.3", 13);

    private final String label;
    private final int rank;

    MinimalTlsVersion(String label, int rank) {
        this.label = label;
        this.rank = rank;
    }

    public String label() {
        return label;
    }

    /** Parses the routing table's value; null when the value is not one of Azure's. */
    public static MinimalTlsVersion parse(String value) {
        for (MinimalTlsVersion version : values()) {
            if (version.label.equalsIgnoreCase(value.trim())) {
                return version;
            }
        }
        return null;
    }

    /** Whether a session with this TLS protocol ("TLSv1.2", or null for none) may log in. */
    public boolean allows(String protocol) {
        if (this == NONE) {
            return true;
        }
        return protocol != null && rankOf(protocol) >= rank;
    }

    private static int rankOf(String protocol) {
        return switch (protocol.toUpperCase(Locale.ROOT)) {
            case "TLSV1", "TLSV1.0" -> 10;
            case "TLSV1.1" -> 11;
            case "TLSV1.2" -> 12;
            case "TLSV1.3" -> 13;
            default -> 0;
        };
    }
}
