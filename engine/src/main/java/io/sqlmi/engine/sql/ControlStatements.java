package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * USE, EXEC, PRINT, RAISERROR, THROW, WAITFOR, RETURN, and the statements accepted with nothing to
 * do (GRANT, CHECKPOINT...) or refused (WHILE, TRY...CATCH, cursors, bulk load...). EXEC runs dynamic
 * SQL and the system procedures the engine implements; any other procedure is 2812.
 */
final class ControlStatements {
    /** System procedures EXEC can call (see the executor); others are "Could not find stored procedure". */
    static final Set<String> PROCEDURES = Set.of("sp_executesql", "sp_unprepare", "sp_getapplock", "sp_releaseapplock");

    private ControlStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        return switch (kind) {
            case USE -> {
                if (sql.size() != 2 || !sql.isName(1)) {
                    throw sql.syntaxError(Math.min(2, sql.size()));
                }
                yield new Translation.Database(Translation.Database.Action.USE, sql.get(1).identifier(), false);
            }
            case PRINT -> {
                if (sql.size() < 2) {
                    throw sql.syntaxError(1);
                }
                yield message(Translation.Message.Kind.PRINT, rewriter, 1, sql.size());
            }
            case RAISERROR -> raiserror(rewriter);
            case THROW -> {
                if (sql.size() == 1) {
                    throw SqlError.NOT_SUPPORTED.exception("THROW without arguments");
                }
                if (sql.splitOnCommas(1, sql.size()).size() != 3) {
                    throw sql.syntaxError(sql.size());
                }
                yield message(Translation.Message.Kind.THROW, rewriter, 1, sql.size());
            }
            case WAITFOR -> {
                if (!sql.isWord(1, "DELAY") || !sql.isKind(2, Token.Kind.STRING) || sql.size() != 3) {
                    throw SqlError.NOT_SUPPORTED.exception("WAITFOR " + sql.word(1));
                }
                yield new Translation.Wait(parseDelay(sql.get(2).stringValue()));
            }
            case RETURN -> new Translation.Return();
            case EXEC -> exec(rewriter);
            case PERMISSION, MAINTENANCE -> new Translation.Ignored(sql.word(0));
            case UNSUPPORTED -> throw SqlError.NOT_SUPPORTED.exception(leadingWords(sql));
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private static String leadingWords(SqlText sql) {
        String first = sql.word(0);
        String second = sql.word(1);
        return switch (first) {
            case "BEGIN", "INSERT", "BULK" -> first + " " + second;
            default -> first;
        };
    }

    private static Translation message(Translation.Message.Kind kind, Rewriter rewriter, int from, int to) {
        int line = rewriter.sql().get(0).line();
        return new Translation.Message(kind, rewriter.sqlOf("SELECT " + rewriter.rewrite(from, to)), line);
    }

    /** RAISERROR (message, severity, state [, argument ...]) [WITH LOG | NOWAIT | SETERROR]. */
    private static Translation raiserror(Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        if (!sql.isSymbol(1, "(")) {
            throw sql.syntaxError(1);
        }
        int close = sql.closingParenthesis(1);
        List<int[]> arguments = sql.splitOnCommas(2, close);
        if (arguments.size() < 3) {
            throw sql.syntaxError(close);
        }
        int i = close + 1;
        if (sql.isWord(i, "WITH")) {
            i++;
            while (Set.of("LOG", "NOWAIT", "SETERROR").contains(sql.word(i))) {
                i++;
                if (!sql.isSymbol(i, ",")) {
                    break;
                }
                i++;
            }
        }
        if (i != sql.size()) {
            throw sql.syntaxError(i);
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int n = 0; n < arguments.size(); n++) {
            select.append(n > 0 ? ", " : "").append(rewriter.rewrite(arguments.get(n)[0], arguments.get(n)[1]));
        }
        return new Translation.Message(Translation.Message.Kind.RAISERROR, rewriter.sqlOf(select.toString()),
                sql.get(0).line());
    }

    /** EXEC ('dynamic sql'), EXEC procedure [@name =] value [OUTPUT], ... , or a procedure name alone. */
    private static Translation exec(Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        int from = sql.isWord(0, "EXEC") || sql.isWord(0, "EXECUTE") ? 1 : 0;
        if (sql.isSymbol(from, "(")) {
            int close = sql.closingParenthesis(from);
            return new Translation.ExecuteText(rewriter.sqlOf("SELECT " + rewriter.rewrite(from + 1, close)));
        }
        String status = null;
        if (sql.isKind(from, Token.Kind.VARIABLE) && sql.isSymbol(from + 1, "=")) {
            status = sql.get(from).upper();
            rewriter.read(status);
            from += 2;
        }
        StringBuilder name = new StringBuilder();
        int i = from;
        while (sql.isName(i) || sql.isSymbol(i, ".")) {
            name.append(sql.isSymbol(i, ".") ? "." : sql.get(i).identifier());
            i++;
        }
        if (name.isEmpty()) {
            throw sql.syntaxError(from);
        }
        String procedure = name.toString();
        String simple = procedure.substring(procedure.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!PROCEDURES.contains(simple)) {
            throw SqlError.PROCEDURE_NOT_FOUND.exception(procedure);
        }
        List<String> names = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        StringBuilder values = new StringBuilder("SELECT ");
        List<int[]> arguments = i < sql.size() ? sql.splitOnCommas(i, sql.size()) : List.of();
        for (int n = 0; n < arguments.size(); n++) {
            int start = arguments.get(n)[0];
            int end = arguments.get(n)[1];
            String argumentName = null;
            if (sql.isKind(start, Token.Kind.VARIABLE) && sql.isSymbol(start + 1, "=")) {
                argumentName = sql.get(start).upper();
                start += 2;
            }
            String output = null;
            if (end - 1 > start && (sql.isWord(end - 1, "OUTPUT") || sql.isWord(end - 1, "OUT"))) {
                end--;
                if (end - start != 1 || !sql.isKind(start, Token.Kind.VARIABLE)) {
                    throw sql.syntaxError(start);
                }
                output = sql.get(start).upper();
            }
            if (start >= end) {
                throw sql.syntaxError(start);
            }
            names.add(argumentName);
            outputs.add(output);
            values.append(n > 0 ? ", " : "").append(sql.isWord(start, "DEFAULT") && end - start == 1 ? "NULL"
                    : rewriter.rewrite(start, end));
        }
        return new Translation.ExecuteProcedure(simple, rewriter.sqlOf(arguments.isEmpty() ? "SELECT 1"
                : values.toString()), java.util.Collections.unmodifiableList(names),
                java.util.Collections.unmodifiableList(outputs), status);
    }

    /** WAITFOR DELAY 'hh:mm[:ss[.fff]]' in milliseconds. */
    static long parseDelay(String value) {
        String[] parts = value.trim().split(":");
        try {
            if (parts.length < 2 || parts.length > 3) {
                throw new NumberFormatException();
            }
            long hours = Long.parseLong(parts[0]);
            long minutes = Long.parseLong(parts[1]);
            double seconds = parts.length == 3 ? Double.parseDouble(parts[2]) : 0;
            return hours * 3_600_000 + minutes * 60_000 + Math.round(seconds * 1000);
        } catch (NumberFormatException e) {
            throw SqlError.CONVERSION_FAILED.exception("'" + value + "' is not a WAITFOR DELAY time");
        }
    }
}
