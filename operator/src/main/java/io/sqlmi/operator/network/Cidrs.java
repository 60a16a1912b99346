package io.sqlmi.operator.network;

/** IPv4 CIDR arithmetic for address accounting and rule compilation. */
public final class Cidrs {

    private Cidrs() {
    }

    public record Block(long network, int prefix) {
        public long size() {
            return 1L << (32 - prefix);
        }

        public boolean contains(Block other) {
            return other.prefix >= prefix && (other.network & mask(prefix)) == network;
        }
    }

    public static Block parse(String cidr) {
        String[] parts = cidr.split("/");
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        long address = 0;
        for (String octet : octets) {
            int value = Integer.parseInt(octet);
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
            }
            address = (address << 8) | value;
        }
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        return new Block(address & mask(prefix), prefix);
    }

    public static boolean isCidr(String text) {
        try {
            parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static boolean contains(String outer, String inner) {
        try {
            return parse(outer).contains(parse(inner));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean same(String a, String b) {
        try {
            return parse(a).equals(parse(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Number of addresses in the block, e.g. 256 for a /24. */
    public static long size(String cidr) {
        return parse(cidr).size();
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
