package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Declared parameters and the values supplied for them, by upper-case name. */
public record Bindings(ParameterDeclarations declarations, Map<String, Object> values) {
    public static final Bindings NONE = new Bindings(ParameterDeclarations.NONE, Map.of());

    /** A value as a caller supplied it: by name (null when positional). */
    public record Supplied(String name, Object value) {
    }

    /** Matches values to declarations by name when the caller named them, else by position. */
    public static Bindings of(ParameterDeclarations declarations, List<Supplied> supplied) {
        Map<String, Object> byName = new HashMap<>();
        for (int i = 0; i < supplied.size(); i++) {
            Supplied value = supplied.get(i);
            String name = value.name() == null || value.name().isEmpty()
                    ? (i < declarations.names().size() ? declarations.names().get(i) : null)
                    : value.name().toUpperCase(Locale.ROOT);
            if (name == null) {
                throw SqlError.INCORRECT_SYNTAX.exception("parameter " + (i + 1));
            }
            byName.put(name, value.value());
        }
        return new Bindings(declarations, byName);
    }

    /** The declared name the i-th supplied value was bound to. */
    public static String boundName(ParameterDeclarations declarations, List<Supplied> supplied, int index) {
        Supplied value = supplied.get(index);
        if (value.name() != null && !value.name().isEmpty()) {
            return value.name().toUpperCase(Locale.ROOT);
        }
        return index < declarations.names().size() ? declarations.names().get(index) : null;
    }

    public Object value(String name) {
        if (!values.containsKey(name)) {
            throw SqlError.PARAMETER_NOT_SUPPLIED.exception(name);
        }
        return values.get(name);
    }

    /** An OUTPUT parameter's input value: NULL when the caller passed none. */
    public Object valueOrNull(String name) {
        return values.get(name);
    }
}
