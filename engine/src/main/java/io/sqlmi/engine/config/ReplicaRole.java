package io.sqlmi.engine.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replica an engine is: the primary, or a readable secondary of a Business Critical instance
 * (DATABASEPROPERTYEX(..., 'Updateability') READ_ONLY, every write error 3906).
 */
public enum ReplicaRole {
    PRIMARY, SECONDARY;

    private static final Pattern ORDINAL = Pattern.compile("-(\\d+)$");

    /**
     * Reads {@code SQLMI_REPLICA_ROLE}: {@code Primary}, {@code Secondary}, or {@code Ordinal}, which
     * takes the role from a StatefulSet pod's host name: ordinal 0 ({@code <mi>-0}) is the primary,
     * the others are secondaries.
     */
    public static ReplicaRole parse(String value, String hostName) {
        if (value == null || value.isBlank()) {
            return PRIMARY;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "primary" -> PRIMARY;
            case "secondary" -> SECONDARY;
            case "ordinal" -> {
                Matcher ordinal = ORDINAL.matcher(hostName == null ? "" : hostName.trim());
                if (!ordinal.find()) {
                    throw new ConfigException("SQLMI_REPLICA_ROLE=Ordinal needs a host name ending in -<ordinal> "
                            + "(a StatefulSet pod's); the host name is '" + hostName + "'");
                }
                yield Integer.parseInt(ordinal.group(1)) == 0 ? PRIMARY : SECONDARY;
            }
            default -> throw new ConfigException("SQLMI_REPLICA_ROLE must be Primary, Secondary or Ordinal; got '"
                    + value + "'");
        };
    }

    public String label() {
        return this == PRIMARY ? "Primary" : "Secondary";
    }
}
