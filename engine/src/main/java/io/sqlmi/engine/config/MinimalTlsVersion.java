package io.sqlmi.engine.config;

import io.sqlmi.tds.tls.TlsPolicy;

/**
 * Azure's {@code minimalTlsVersion}: None, 1.0, 1.1, 1.2, 1.3 (azure-sql-mi-facts.md section 8).
 * A login below the minimum is refused with error 47072.
 */
public enum MinimalTlsVersion {
    NONE("None"), TLS_1_0("1.0"), TLS_1_1("1.1"), TLS_1_2("1.2"), TLS_1_3("1.3");

    private final String label;

    MinimalTlsVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static MinimalTlsVersion parse(String value) {
        for (MinimalTlsVersion version : values()) {
            if (version.label.equalsIgnoreCase(value.trim())) {
                return version;
            }
        }
        throw new ConfigException("SQLMI_MINIMAL_TLS_VERSION must be one of None, 1.0, 1.1, 1.2, 1.3; got '" + value
                + "'");
    }

    /** Whether a session with this TLS protocol (null: no TLS) may log in. */
    public boolean allows(String negotiatedProtocol) {
        if (this == NONE) {
            return true;
        }
        return negotiatedProtocol != null && TlsPolicy.rank(negotiatedProtocol) >= TlsPolicy.rank(label);
    }
}
