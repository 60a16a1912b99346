package io.sqlmi.operator.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

    /** The ports of {@code ranges} that none of {@code removed} contains, as sorted, disjoint ranges. */
    public static List<PortRange> without(List<PortRange> ranges, List<PortRange> removed) {
        List<PortRange> left = new ArrayList<>(ranges);
        for (PortRange cut : removed) {
            List<PortRange> next = new ArrayList<>();
            for (PortRange r : left) {
                if (!r.overlaps(cut)) {
                    next.add(r);
                    continue;
                }
                if (r.first < cut.first) {
                    next.add(new PortRange(r.first, cut.first - 1));
                }
                if (cut.last < r.last) {
                    next.add(new PortRange(cut.last + 1, r.last));
                }
            }
            left = next;
        }
        left.sort(Comparator.comparingInt(PortRange::first));
        return left;
    }
}
