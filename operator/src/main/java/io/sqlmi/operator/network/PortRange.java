package io.sqlmi.operator.network;

/** An NSG port expression: "*", "1433" or "11000-11999". */
public record PortRange(int first, int last) {

    public static final PortRange ALL = new PortRange(1, 65535);

    public static PortRange parse(String text) {
        if (NsgRule.ANY.equals(text)) {
            return ALL;
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            int port = Integer.parseInt(text.trim());
            return new PortRange(port, port);
        }
        return new PortRange(Integer.parseInt(text.substring(0, dash).trim()), Integer.parseInt(text.substring(dash + 1).trim()));
    }

    public boolean contains(PortRange other) {
        return first <= other.first && other.last <= last;
    }

    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    public boolean contains(int port) {
        return first <= port && port <= last;
    }
}
