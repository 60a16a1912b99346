package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.sql.TypeNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameter list of sp_executesql / sp_prepare, such as {@code @P0 nvarchar(4000),@P1 int OUTPUT}:
 * names in order (upper case) and their types in H2's spelling.
 */
public record ParameterDeclarations(List<String> names, Map<String, String> h2Types) {
    public static final ParameterDeclarations NONE = new ParameterDeclarations(List.of(), Map.of());

    public static ParameterDeclarations parse(String declarations) {
        if (declarations == null || declarations.isBlank()) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
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
            if (upper.endsWith(" OUTPUT")) {
                type = type.substring(0, type.length() - 7).trim();
            } else if (upper.endsWith(" OUT")) {
                type = type.substring(0, type.length() - 4).trim();
            }
            if (type.toUpperCase(Locale.ROOT).startsWith("AS ")) {
                type = type.substring(3).trim();
            }
            int equals = type.indexOf('=');
            if (equals > 0) {
                type = type.substring(0, equals).trim();
            }
            names.add(name);
            types.put(name, TypeNames.toH2(type));
        }
        return new ParameterDeclarations(List.copyOf(names), Map.copyOf(types));
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
