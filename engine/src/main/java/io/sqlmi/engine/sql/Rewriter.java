package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a range of a statement's tokens into H2 SQL, token by token, keeping line breaks (so that
 * H2's error positions give T-SQL lines): declared parameters become typed '?' markers, local
 * variables H2 session variables, built-ins what {@link Builtins} says, conversions go through the
 * functions that give SQL Server's results, COUNT is int and SUM/AVG keep their argument's type,
 * and INFORMATION_SCHEMA is the engine's SQL Server-shaped one.
 */
final class Rewriter {
    /** The schema holding INFORMATION_SCHEMA views with SQL Server's names and types. */
    static final String INFORMATION_SCHEMA = "SQLMI_INFORMATION_SCHEMA";

    private final SqlText sql;
    private final Map<String, String> parameterTypes;
    private final Set<String> outputParameters;
    private final List<String> parameters = new ArrayList<>();
    private final List<Integer> parameterTokens = new ArrayList<>();
    private final Set<String> reads = new LinkedHashSet<>();

    /**
     * @param parameterTypes declared parameters (upper case, with '@') and their H2 types (null: untyped)
     * @param outputParameters declared OUTPUT parameters: they are session variables, not markers
     */
    Rewriter(SqlText sql, Map<String, String> parameterTypes, Set<String> outputParameters) {
        this.sql = sql;
        this.parameterTypes = parameterTypes;
        this.outputParameters = outputParameters;
    }

    SqlText sql() {
        return sql;
    }

    /** The parameters the rewritten text so far uses, one per '?'. */
    List<String> parameters() {
        return List.copyOf(parameters);
    }

    /** For each parameter of {@link #parameters()}, the index of the token it was written at. */
    List<Integer> parameterTokens() {
        return List.copyOf(parameterTokens);
    }

    Set<String> reads() {
        return Set.copyOf(reads);
    }

    /** Marks a variable as read (an assignment target must have been declared too). */
    void read(String variable) {
        reads.add(variable.toUpperCase(Locale.ROOT));
    }

    Translation.Sql sqlOf(String text) {
        return new Translation.Sql(text, parameters(), reads());
    }

    /** H2 SQL for tokens [from, to). */
    String rewrite(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(gap(i));
            }
            i = token(i, to, out);
        }
        return out.toString();
    }

    /** What stands between two tokens: its line breaks (comments dropped), or one space. */
    String gap(int index) {
        String between = sql.gapBefore(index);
        int lines = 0;
        for (int k = 0; k < between.length(); k++) {
            if (between.charAt(k) == '\n') {
                lines++;
            }
        }
        if (lines > 0) {
            return "\n".repeat(lines);
        }
        return between.isEmpty() ? "" : " ";
    }

    /** The H2 name of a session variable or OUTPUT parameter. */
    static String variable(String name) {
        return "@" + name.substring(1).toUpperCase(Locale.ROOT);
    }

    /** Rewrites the token at {@code i}; returns the last index it consumed. */
    private int token(int i, int to, StringBuilder out) {
        Token token = sql.get(i);
        switch (token.kind()) {
            case VARIABLE -> {
                String name = token.upper();
                if (outputParameters.contains(name)) {
                    out.append(variable(name));
                } else if (parameterTypes.containsKey(name)) {
                    String type = parameterTypes.get(name);
                    out.append(type == null ? "?" : "CAST(? AS " + type + ")");
                    parameters.add(name);
                    parameterTokens.add(i);
                } else {
                    reads.add(name);
                    out.append(variable(name));
                }
                return i;
            }
            case GLOBAL_VARIABLE -> {
                Builtins.Builtin global = Builtins.find(Builtins.Form.GLOBAL_VARIABLE, token.upper());
                if (global == null) {
                    throw SqlError.MUST_DECLARE_VARIABLE.exception(token.text());
                }
                out.append(typed(global.h2(), global.resultType()));
                return i;
            }
            case WORD -> {
                return word(i, to, out);
            }
            case QUOTED_IDENTIFIER -> {
                boolean informationSchema = token.identifier().equalsIgnoreCase("INFORMATION_SCHEMA")
                        && sql.isSymbol(i + 1, ".");
                out.append(informationSchema ? INFORMATION_SCHEMA : token.text());
                return i;
            }
            default -> {
                out.append(token.text());
                return i;
            }
        }
    }

    private int word(int i, int to, StringBuilder out) {
        Token token = sql.get(i);
        String upper = token.upper();
        boolean member = sql.isSymbol(i - 1, ".");
        if (!member && sql.isSymbol(i + 1, "(") && i + 1 < to) {
            return call(i, out);
        }
        if (upper.equals("INFORMATION_SCHEMA") && sql.isSymbol(i + 1, ".")) {
            out.append(INFORMATION_SCHEMA);
            return i;
        }
        if (!member && !sql.isSymbol(i + 1, ".")) {
            Builtins.Builtin niladic = Builtins.find(Builtins.Form.NILADIC, upper);
            if (niladic != null) {
                out.append(typed(niladic.h2(), niladic.resultType()));
                return i;
            }
        }
        out.append(token.text());
        return i;
    }

    /** A function call at {@code i} (its '(' at i + 1); returns the index of its ')' when rewritten whole. */
    private int call(int i, StringBuilder out) {
        String name = sql.word(i);
        int open = i + 1;
        int close = sql.closingParenthesis(open);
        switch (name) {
            case "CAST", "TRY_CAST" -> {
                int as = sql.findWord(open + 1, close, "AS");
                if (as < 0) {
                    throw sql.syntaxError(close);
                }
                out.append(conversion(open + 1, as, as + 1, close));
                return close;
            }
            case "CONVERT", "TRY_CONVERT" -> {
                List<int[]> parts = sql.splitOnCommas(open + 1, close);
                if (parts.size() < 2 || parts.size() > 3) {
                    throw sql.syntaxError(close);
                }
                out.append(conversion(parts.get(1)[0], parts.get(1)[1], parts.get(0)[0], parts.get(0)[1]));
                return close;
            }
            case "COUNT" -> {
                String counted = "COUNT(" + rewrite(open + 1, close) + ")";
                int end = close;
                if (sql.isWord(close + 1, "OVER") && sql.isSymbol(close + 2, "(")) {
                    end = sql.closingParenthesis(close + 2);
                    counted += " OVER " + rewrite(close + 2, end + 1);
                }
                out.append("CAST(").append(counted).append(" AS INT)");
                return end;
            }
            case "COUNT_BIG" -> {
                out.append("COUNT(").append(rewrite(open + 1, close)).append(')');
                return close;
            }
            case "SUM", "AVG" -> {
                out.append("SQLMI_").append(name).append('(').append(rewrite(open + 1, close)).append(')');
                return close;
            }
            default -> {
                Builtins.Builtin function = Builtins.find(Builtins.Form.FUNCTION, name);
                if (function == null) {
                    out.append(sql.get(i).text());
                    return i;
                }
                out.append(typed(function.h2() + "(" + rewrite(open + 1, close) + ")", function.resultType()));
                return close;
            }
        }
    }

    /**
     * CAST(expression AS type): the target type in H2's spelling, and the source through the function
     * that gives SQL Server's result for its family (an offset dropped for local date/time types,
     * upper-case uniqueidentifier text, sql_variant values unwrapped).
     */
    private String conversion(int expressionFrom, int expressionTo, int typeFrom, int typeTo) {
        if (expressionFrom >= expressionTo || typeFrom >= typeTo || !sql.isName(typeFrom)) {
            throw sql.syntaxError(typeFrom);
        }
        TypeNames.H2Type type = TypeNames.toH2(sql.get(typeFrom).identifier(), sql.source(typeFrom + 1, typeTo));
        String expression = rewrite(expressionFrom, expressionTo);
        boolean literal = expressionTo - expressionFrom == 1 && (sql.isKind(expressionFrom, Token.Kind.NUMBER)
                || (sql.isKind(expressionFrom, Token.Kind.STRING) && type.family() != TypeNames.Family.LOCAL_TEMPORAL));
        if (literal) {
            return "CAST(" + expression + " AS " + type.sql() + ")";
        }
        String source = switch (type.family()) {
            case TEXT -> "SQLMI_TO_TEXT";
            case LOCAL_TEMPORAL -> "SQLMI_TO_LOCAL";
            case OTHER -> "SQLMI_TO_VALUE";
        };
        return "CAST(" + source + "(" + expression + ") AS " + type.sql() + ")";
    }

    private static String typed(String expression, String type) {
        return type == null ? expression : "CAST(" + expression + " AS " + type + ")";
    }
}
