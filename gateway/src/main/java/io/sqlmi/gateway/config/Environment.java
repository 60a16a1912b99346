package io.sqlmi.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads typed settings from environment variables and remembers each one it read, with its value and whether
 * the value was the default, so that the gateway can print exactly what it runs with.
 */
final class Environment {
    private final Map<String, String> variables;
    private final List<String> described = new ArrayList<>();

    Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    String text(String name, String fallback) {
        String value = raw(name);
        return note(name, value == null ? fallback : value.trim(), value == null);
    }

    int port(String name, int fallback) {
        int value = number(name, fallback, 0, 65535, "a TCP port (0 picks a free one)");
        return value;
    }

    int positive(String name, int fallback) {
        return number(name, fallback, 1, Integer.MAX_VALUE, "a positive number");
    }

    boolean flag(String name, boolean fallback) {
        String value = raw(name);
        if (value == null) {
            note(name, String.valueOf(fallback), true);
            return fallback;
        }
        boolean parsed = switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "on" -> true;
            case "false", "no", "n", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false; got '" + value + "'");
        };
        note(name, String.valueOf(parsed), false);
        return parsed;
    }

    List<String> describe() {
        return List.copyOf(described);
    }

    private int number(String name, int fallback, int min, int max, String what) {
        String value = raw(name);
        if (value == null) {
            note(name, String.valueOf(fallback), true);
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be " + what + "; got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name + " must be " + what + "; got " + parsed);
        }
        note(name, String.valueOf(parsed), false);
        return parsed;
    }

    private String raw(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private String note(String name, String value, boolean isDefault) {
        described.add(String.format(Locale.ROOT, "  %-36s %s%s", name, value, isDefault ? "   [default]" : ""));
        return value;
    }
}
