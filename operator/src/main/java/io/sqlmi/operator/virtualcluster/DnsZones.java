package io.sqlmi.operator.virtualcluster;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * DNS zone ids: "generated as a random string" when the cluster is created; observed values are 12 lowercase hex
 * characters (azure-sql-mi-facts.md section 9).
 */
public final class DnsZones {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("^[0-9a-f]{12}$");

    private DnsZones() {
    }

    public static String generate() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isValid(String zone) {
        return zone != null && FORMAT.matcher(zone).matches();
    }
}
