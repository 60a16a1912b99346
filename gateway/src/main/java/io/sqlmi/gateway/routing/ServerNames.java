package io.sqlmi.gateway.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what a client puts in LOGIN7 ServerName (or SNI) into a host name to look up. Drivers send
 * {@code host}, {@code host\instance}, {@code host,port} (SqlClient, FreeTDS after a reroute) and sometimes
 * {@code tcp:host,port}, in any case, sometimes with a trailing dot (gateway.md section 2.1).
 */
public final class ServerNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ServerNames() {
    }

    /** The bare lower-case host name, or "" when the client sent none. */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String name = raw.trim();
        if (name.regionMatches(true, 0, "tcp:", 0, 4)) {
            name = name.substring(4);
        }
        int comma = name.indexOf(',');
        if (comma >= 0) {
            name = name.substring(0, comma);
        }
        int backslash = name.indexOf('\\');
        if (backslash >= 0) {
            name = name.substring(0, backslash);
        }
        name = name.trim();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether a normalised name is an IPv4 or IPv6 address literal. */
    public static boolean isIpAddress(String name) {
        return IPV4.matcher(name).matches() || name.indexOf(':') >= 0;
    }

    /** The first DNS label, which Azure's instance host names carry the instance name in. */
    public static String firstLabel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
