package io.sqlmi.gateway.ops;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * Structured logs: one JSON object per line on standard output, with the time, the level, an event name and
 * the fields given as alternating names and values. Connection events name the instance and the client.
 * Passwords are never passed here.
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    public static void threshold(String level) {
        threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
    }

    public static boolean debugEnabled() {
        return threshold == Level.DEBUG;
    }

    public static void debug(String event, Object... fields) {
        write(Level.DEBUG, event, fields);
    }

    public static void info(String event, Object... fields) {
        write(Level.INFO, event, fields);
    }

    public static void warn(String event, Object... fields) {
        write(Level.WARN, event, fields);
    }

    public static void error(String event, Object... fields) {
        write(Level.ERROR, event, fields);
    }

    private static void write(Level level, String event, Object... fields) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        StringBuilder line = new StringBuilder(160);
        line.append("{\"ts\":\"").append(Instant.now()).append("\",\"level\":\"").append(level.name())
                .append("\",\"event\":");
        quote(line, event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object value = fields[i + 1];
            if (value == null) {
                continue;
            }
            line.append(',');
            quote(line, String.valueOf(fields[i]));
            line.append(':');
            if (value instanceof Number || value instanceof Boolean) {
                line.append(value);
            } else {
                quote(line, value instanceof Throwable t ? describe(t) : String.valueOf(value));
            }
        }
        line.append('}');
        PrintStream stream = out;
        synchronized (stream) {
            stream.println(line);
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }

    static void quote(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
