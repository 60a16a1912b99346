package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.sql.TypeNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameter list of sp_executesql / sp_prepare, such as {@code @P0 nvarchar(4000),@P1 int OUTPUT}:
 * names in order (upper case), their types in H2's spelling, and which are OUTPUT parameters.
 */
public record ParameterDeclarations(List<String> names, Map<String, String> h2Types, Set<String> outputs) {
    public static final ParameterDeclarations NONE = new ParameterDeclarations(List.of(), Map.of(), Set.of());

    public static ParameterDeclarations parse(String declarations) {
        if (declarations == null || declarations.isBlank()) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> outputs = new LinkedHashSet<>();
        for (String part : splitTopLevel(declarations)) {
            String declaration = part.trim();
            if (declaration.isEmpty()) {
                continue;
            }
            int space = firstWhitespace(declaration);
            if (!declaration.startsWith("@") || space < 0) {
                throw SqlError.INCORRECT_SYNTAX.exception(declaration);
            }
            String name = declaration.substring(0, space).toUpperCase(Locale.ROOT);
            String type = declaration.substring(space).trim();
            String upper = type.toUpperCase(Locale.ROOT);
            if (upper.endsWith(" OUTPUT") || upper.endsWith(" OUT")) {
                type = type.substring(0, type.length() - (upper.endsWith(" OUTPUT") ? 7 : 4)).trim();
                outputs.add(name);
            }
            if (type.toUpperCase(Locale.ROOT).startsWith("AS ")) {
                type = type.substring(3).trim();
            }
            int equals = type.indexOf('=');
            if (equals > 0) {
                type = type.substring(0, equals).trim();
            }
            names.add(name);
            types.put(name, TypeNames.toH2(type).sql());
        }
        return new ParameterDeclarations(List.copyOf(names), Map.copyOf(types), Set.copyOf(outputs));
    }

    /** The types of the parameters that are bound as '?' markers (OUTPUT ones live as session variables). */
    public Map<String, String> markerTypes() {
        if (outputs.isEmpty()) {
            return h2Types;
        }
        Map<String, String> markers = new LinkedHashMap<>(h2Types);
        markers.keySet().removeAll(outputs);
        return Map.copyOf(markers);
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
