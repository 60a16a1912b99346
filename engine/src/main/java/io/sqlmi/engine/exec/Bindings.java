package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.tds.request.RpcParameter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Declared parameters and the values an RPC supplied for them, by upper-case name. */
public record Bindings(ParameterDeclarations declarations, Map<String, Object> values) {
    public static final Bindings NONE = new Bindings(ParameterDeclarations.NONE, Map.of());

    /** Matches values to declarations by name when the client named them, else by position. */
    public static Bindings of(ParameterDeclarations declarations, List<RpcParameter> values) {
        Map<String, Object> byName = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            RpcParameter parameter = values.get(i);
            String name = parameter.name() == null || parameter.name().isEmpty()
                    ? (i < declarations.names().size() ? declarations.names().get(i) : null)
                    : parameter.name().toUpperCase(Locale.ROOT);
            if (name == null) {
                throw SqlError.INCORRECT_SYNTAX.exception("parameter " + (i + 1));
            }
            byName.put(name, parameter.value());
        }
        return new Bindings(declarations, byName);
    }

    public Object value(String name) {
        if (!values.containsKey(name)) {
            throw SqlError.PARAMETER_NOT_SUPPLIED.exception(name);
        }
        return values.get(name);
    }
}
