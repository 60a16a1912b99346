package io.sqlmi.gateway.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters and gauges with labels, rendered in the Prometheus text format (version 0.0.4). A child per label
 * set is created on first use and kept, so hot paths hold a {@link LongAdder} and never look it up again.
 */
public final class MetricRegistry {
    /** A metric name with its help text, type and label names. */
    public final class Family {
        private final String name;
        private final String type;
        private final String help;
        private final List<String> labelNames;
        private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();
        private final Map<List<String>, LongSupplier> sampled = new ConcurrentHashMap<>();

        private Family(String name, String type, String help, String... labelNames) {
            this.name = name;
            this.type = type;
            this.help = help;
            this.labelNames = List.of(labelNames);
        }

        /** The value holder of one label set (values in the order of the label names). */
        public LongAdder labels(String... values) {
            if (values.length != labelNames.size()) {
                throw new IllegalArgumentException(name + " takes labels " + labelNames);
            }
            return children.computeIfAbsent(List.of(values), key -> new LongAdder());
        }

        /** A gauge whose value is read when the metrics are scraped. */
        public void sample(LongSupplier supplier, String... values) {
            sampled.put(List.of(values), supplier);
        }

        public long value(String... values) {
            LongAdder child = children.get(Arrays.asList(values));
            if (child != null) {
                return child.sum();
            }
            LongSupplier supplier = sampled.get(Arrays.asList(values));
            return supplier == null ? 0 : supplier.getAsLong();
        }

        private void render(StringBuilder out) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            Map<String, Long> lines = new TreeMap<>();
            children.forEach((labels, value) -> lines.put(labelText(labels), value.sum()));
            sampled.forEach((labels, supplier) -> lines.put(labelText(labels), supplier.getAsLong()));
            lines.forEach((labels, value) -> out.append(name).append(labels).append(' ').append(value).append('\n'));
        }

        private String labelText(List<String> values) {
            if (values.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder("{");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(labelNames.get(i)).append("=\"");
                String value = values.get(i) == null ? "" : values.get(i);
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    switch (ch) {
                        case '\\' -> text.append("\\\\");
                        case '"' -> text.append("\\\"");
                        case '\n' -> text.append("\\n");
                        default -> text.append(ch);
                    }
                }
                text.append('"');
            }
            return text.append('}').toString();
        }
    }

    private final List<Family> families = Collections.synchronizedList(new ArrayList<>());

    public Family counter(String name, String help, String... labelNames) {
        return register(new Family(name, "counter", help, labelNames));
    }

    public Family gauge(String name, String help, String... labelNames) {
        return register(new Family(name, "gauge", help, labelNames));
    }

    public String render() {
        StringBuilder out = new StringBuilder(4096);
        synchronized (families) {
            for (Family family : families) {
                family.render(out);
            }
        }
        return out.toString();
    }

    private Family register(Family family) {
        families.add(family);
        return family;
    }
}
