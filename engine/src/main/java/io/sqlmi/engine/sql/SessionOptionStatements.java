package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.sql.Connection;
import java.util.Set;

/**
 * SET options. NOCOUNT, IMPLICIT_TRANSACTIONS and XACT_ABORT act; TRANSACTION ISOLATION LEVEL is
 * applied to H2; the options that only tune what this engine already does are accepted and ignored;
 * options that would change results the engine cannot reproduce (ROWCOUNT above 0, FMTONLY,
 * NOEXEC, PARSEONLY, SHOWPLAN) are refused with 40517 when switched on.
 */
final class SessionOptionStatements {
    private static final Set<String> ACTING = Set.of("NOCOUNT", "IMPLICIT_TRANSACTIONS", "XACT_ABORT");
    private static final Set<String> ON_OFF_IGNORED = Set.of("ANSI_NULLS", "QUOTED_IDENTIFIER", "ANSI_WARNINGS",
            "ANSI_PADDING", "ANSI_NULL_DFLT_ON", "ANSI_NULL_DFLT_OFF", "ANSI_DEFAULTS", "ARITHABORT", "ARITHIGNORE",
            "CONCAT_NULL_YIELDS_NULL", "NUMERIC_ROUNDABORT", "CURSOR_CLOSE_ON_COMMIT", "NO_BROWSETABLE",
            "FORCEPLAN", "REMOTE_PROC_TRANSACTIONS", "IDENTITY_INSERT", "STATISTICS", "NOCOUNT", "XACT_ABORT",
            "IMPLICIT_TRANSACTIONS");
    private static final Set<String> VALUE_IGNORED = Set.of("TEXTSIZE", "LOCK_TIMEOUT", "DATEFORMAT", "DATEFIRST",
            "LANGUAGE", "DEADLOCK_PRIORITY", "CONTEXT_INFO", "QUERY_GOVERNOR_COST_LIMIT", "ROWCOUNT");
    private static final Set<String> REFUSED_WHEN_ON = Set.of("FMTONLY", "NOEXEC", "PARSEONLY", "SHOWPLAN_ALL",
            "SHOWPLAN_TEXT", "SHOWPLAN_XML", "OFFSETS");

    private SessionOptionStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        String option = sql.word(1);
        if (option.equals("TRANSACTION")) {
            return isolation(sql);
        }
        int value = valueIndex(sql, option);
        if (value + 1 != sql.size() && !(isSign(sql, value) && value + 2 == sql.size())) {
            throw sql.syntaxError(Math.min(value + 1, sql.size()));
        }
        String valueWord = sql.word(value);
        boolean onOff = valueWord.equals("ON") || valueWord.equals("OFF");
        boolean on = valueWord.equals("ON");
        java.util.List<String> acting = new java.util.ArrayList<>();
        for (int i = 1; i < value; i += 2) {
            String name = option.equals("IDENTITY_INSERT") || option.equals("STATISTICS") ? option : sql.word(i);
            if (REFUSED_WHEN_ON.contains(name)) {
                if (!onOff) {
                    throw sql.syntaxError(value);
                }
                if (on) {
                    throw SqlError.NOT_SUPPORTED.exception("SET " + name + " ON");
                }
                continue;
            }
            if (ON_OFF_IGNORED.contains(name)) {
                if (!onOff) {
                    throw sql.syntaxError(value);
                }
                if (ACTING.contains(name)) {
                    acting.add(name);
                }
                continue;
            }
            if (VALUE_IGNORED.contains(name)) {
                if (name.equals("ROWCOUNT") && !(sql.isKind(value, Token.Kind.NUMBER) && sql.get(value).text()
                        .equals("0"))) {
                    throw SqlError.NOT_SUPPORTED.exception("SET ROWCOUNT other than 0");
                }
                continue;
            }
            throw SqlError.UNKNOWN_SET_OPTION.exception(sql.get(i).text());
        }
        if (!acting.isEmpty()) {
            return new Translation.SessionOption(java.util.List.copyOf(acting), on);
        }
        return new Translation.Ignored("SET " + option);
    }

    private static boolean isSign(SqlText sql, int index) {
        return sql.isSymbol(index, "-") || sql.isSymbol(index, "+");
    }

    /** Index of the option's value: after the option list (IDENTITY_INSERT: after the table name). */
    private static int valueIndex(SqlText sql, String option) {
        int i = 2;
        if (option.equals("IDENTITY_INSERT")) {
            while (sql.isSymbol(i + 1, ".")) {
                i += 2;
            }
            return i + 1;
        }
        if (option.equals("STATISTICS")) {
            i++;
            while (sql.isSymbol(i, ",")) {
                i += 2;
            }
            return i;
        }
        while (sql.isSymbol(i, ",")) {
            i += 2;
        }
        return i;
    }

    private static Translation isolation(SqlText sql) {
        if (!sql.isWord(2, "ISOLATION") || !sql.isWord(3, "LEVEL")) {
            throw sql.syntaxError(2);
        }
        StringBuilder words = new StringBuilder();
        for (int i = 4; i < sql.size(); i++) {
            words.append(words.isEmpty() ? "" : " ").append(sql.word(i));
        }
        int level = switch (words.toString()) {
            case "READ UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE READ" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE", "SNAPSHOT" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> throw sql.syntaxError(4);
        };
        return new Translation.IsolationLevel(level);
    }
}
