package io.sqlmi.engine.errors;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;

/**
 * Maps H2's error codes ({@link ErrorCode}) to SQL Server's numbers and message shapes
 * ({@link SqlError}). Where H2's message holds the names SQL Server's message needs (table,
 * column, constraint), they are taken from it; unmapped codes become number 50000, class 16,
 * with H2's own first line.
 */
public final class H2ErrorMapping {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern ERROR_MARKER_SQL = Pattern.compile("SQL statement \"(.*?)\"(?:;|$)", Pattern.DOTALL);
    private static final Pattern TARGET_TABLE = Pattern.compile(
            "(?is)^\\s*(insert\\s+into|insert|update|delete\\s+from|delete|merge\\s+into)\\s+([\\w\\[\\].\"]+)");
    private static final Pattern REFERENCES = Pattern.compile("REFERENCES\\s+([\\w.\"\\[\\]]+)\\(");
    private static final Pattern PRIMARY_KEY_ON = Pattern.compile("PRIMARY KEY ON ([\\w.\"]+)\\(");
    private static final Pattern INDEX_ON = Pattern.compile("\"([\\w.\"]+) ON ([\\w.\"]+)\\(");
    private static final Pattern KEY_VALUE = Pattern.compile("/\\* (?:key:)?\\d+ \\*/ ([^,)]+)");

    private H2ErrorMapping() {
    }

    /**
     * @param error what H2 threw
     * @param statementText the T-SQL statement that failed, for the verb and table SQL Server names
     * @param databaseName current database, for the messages that name it
     */
    public static SqlServerException map(SQLException error, String statementText, String databaseName) {
        String message = firstLine(error.getMessage());
        String firstQuoted = firstQuoted(message);
        SqlServerException mapped = switch (error.getErrorCode()) {
            case ErrorCode.SYNTAX_ERROR_1, ErrorCode.SYNTAX_ERROR_2 -> syntaxError(error.getMessage());
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1, ErrorCode.TABLE_OR_VIEW_NOT_FOUND_WITH_CANDIDATES_2,
                ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1 -> SqlError.INVALID_OBJECT.exception(firstQuoted);
            case ErrorCode.COLUMN_NOT_FOUND_1 -> SqlError.INVALID_COLUMN.exception(firstQuoted);
            case ErrorCode.DUPLICATE_KEY_1 -> duplicateKey(message);
            case ErrorCode.NULL_NOT_ALLOWED -> SqlError.NULL_NOT_ALLOWED.exception(firstQuoted,
                    qualified(databaseName, targetTable(statementText)), verb(statementText));
            case ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_PARENT_MISSING_1 ->
                SqlError.CONSTRAINT_CONFLICT.exception(verb(statementText), "FOREIGN KEY",
                        constraintName(firstQuoted), databaseName, referencedTable(message));
            case ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_CHILD_EXISTS_1 ->
                SqlError.CONSTRAINT_CONFLICT.exception(verb(statementText), "REFERENCE",
                        constraintName(firstQuoted), databaseName, targetTable(statementText));
            case ErrorCode.CHECK_CONSTRAINT_VIOLATED_1 -> SqlError.CONSTRAINT_CONFLICT.exception(verb(statementText),
                    "CHECK", firstQuoted, databaseName, targetTable(statementText));
            case ErrorCode.VALUE_TOO_LONG_2 -> SqlError.STRING_TRUNCATED.exception(
                    qualified(databaseName, targetTable(statementText)), columnOf(firstQuoted));
            case ErrorCode.DIVISION_BY_ZERO_1 -> SqlError.DIVIDE_BY_ZERO.exception();
            case ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_1, ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_2 ->
                SqlError.ARITHMETIC_OVERFLOW.exception(message);
            case ErrorCode.DATA_CONVERSION_ERROR_1, ErrorCode.INVALID_DATETIME_CONSTANT_2 ->
                SqlError.CONVERSION_FAILED.exception(message);
            case ErrorCode.TABLE_OR_VIEW_ALREADY_EXISTS_1, ErrorCode.INDEX_ALREADY_EXISTS_1,
                ErrorCode.CONSTRAINT_ALREADY_EXISTS_1, ErrorCode.VIEW_ALREADY_EXISTS_1 ->
                SqlError.OBJECT_EXISTS.exception(unqualified(firstQuoted));
            case ErrorCode.DEADLOCK_1, ErrorCode.CONCURRENT_UPDATE_1 -> SqlError.DEADLOCK_VICTIM.exception(0);
            case ErrorCode.LOCK_TIMEOUT_1 -> SqlError.LOCK_TIMEOUT.exception();
            case ErrorCode.FUNCTION_NOT_FOUND_1 -> SqlError.NOT_A_BUILTIN_FUNCTION.exception(firstQuoted);
            case ErrorCode.SCHEMA_NOT_FOUND_1 -> SqlError.SCHEMA_NOT_FOUND.exception(firstQuoted);
            case ErrorCode.UNKNOWN_DATA_TYPE_1 -> SqlError.TYPE_NOT_FOUND.exception(firstQuoted);
            default -> new SqlServerException(50000, 16, 1, message, false, error);
        };
        return mapped.atLineOffset(linesBeforeMarker(error.getMessage()));
    }

    private static SqlServerException syntaxError(String fullMessage) {
        Matcher sql = ERROR_MARKER_SQL.matcher(fullMessage);
        String near = "";
        if (sql.find()) {
            String text = unescape(sql.group(1));
            int marker = text.indexOf("[*]");
            if (marker >= 0) {
                String after = text.substring(marker + 3).stripLeading();
                Matcher token = Pattern.compile("^(\\w+|'[^']*'?|\\S)").matcher(after);
                near = token.find() ? token.group(1) : "";
                if (near.isEmpty()) {
                    String before = text.substring(0, marker).stripTrailing();
                    Matcher last = Pattern.compile("(\\w+|\\S)$").matcher(before);
                    near = last.find() ? last.group(1) : "";
                }
            }
        }
        return SqlError.INCORRECT_SYNTAX.exception(near);
    }

    private static SqlServerException duplicateKey(String message) {
        Matcher key = KEY_VALUE.matcher(message);
        String value = "(" + (key.find() ? key.group(1).trim().replace("'", "") : "") + ")";
        Matcher primary = PRIMARY_KEY_ON.matcher(message);
        if (primary.find()) {
            String table = unquote(primary.group(1));
            return SqlError.DUPLICATE_KEY.exception("PRIMARY KEY", "PK_" + unqualified(table), table, value);
        }
        Matcher index = INDEX_ON.matcher(message);
        if (index.find()) {
            String indexName = unqualified(unquote(index.group(1)));
            String table = unquote(index.group(2));
            if (indexName.toUpperCase(Locale.ROOT).contains("_INDEX_") || indexName.startsWith("CONSTRAINT_")) {
                return SqlError.DUPLICATE_KEY.exception("UNIQUE KEY", indexName.replaceAll("_INDEX_\\w+$", ""),
                        table, value);
            }
            return SqlError.DUPLICATE_UNIQUE_INDEX.exception(table, indexName, value);
        }
        return SqlError.DUPLICATE_KEY.exception("UNIQUE KEY", "", "", value);
    }

    /** How many line breaks precede H2's [*] error marker: the error's line within the statement. */
    static int linesBeforeMarker(String fullMessage) {
        if (fullMessage == null) {
            return 0;
        }
        Matcher sql = ERROR_MARKER_SQL.matcher(fullMessage);
        if (!sql.find()) {
            return 0;
        }
        String text = unescape(sql.group(1));
        int marker = text.indexOf("[*]");
        if (marker < 0) {
            return 0;
        }
        return (int) text.substring(0, marker).chars().filter(c -> c == '\n').count();
    }

    /** H2 writes line breaks inside its quoted SQL as \\000a. */
    private static String unescape(String quotedSql) {
        return quotedSql.replace("\\000a", "\n").replace("\\000d", "\r").replace("\\0009", "\t");
    }

    private static String verb(String statementText) {
        Matcher matcher = TARGET_TABLE.matcher(statementText == null ? "" : statementText);
        if (matcher.find()) {
            return matcher.group(1).trim().split("\\s+")[0].toUpperCase(Locale.ROOT);
        }
        return "INSERT";
    }

    private static String targetTable(String statementText) {
        Matcher matcher = TARGET_TABLE.matcher(statementText == null ? "" : statementText);
        if (matcher.find()) {
            String table = matcher.group(2).replace("[", "").replace("]", "").replace("\"", "");
            return table.contains(".") ? table : "dbo." + table;
        }
        return "";
    }

    private static String qualified(String database, String table) {
        return table.isEmpty() ? database : database + "." + table;
    }

    private static String referencedTable(String message) {
        Matcher matcher = REFERENCES.matcher(message);
        return matcher.find() ? unquote(matcher.group(1)) : "";
    }

    private static String constraintName(String quoted) {
        int colon = quoted.indexOf(':');
        return colon > 0 ? quoted.substring(0, colon) : quoted;
    }

    private static String columnOf(String quoted) {
        int space = quoted.indexOf(' ');
        return space > 0 ? quoted.substring(0, space) : quoted;
    }

    private static String firstQuoted(String message) {
        Matcher matcher = QUOTED.matcher(message);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String unquote(String name) {
        return name.replace("\"", "");
    }

    private static String unqualified(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline >= 0 ? message.substring(0, newline) : message;
        int sqlPart = line.indexOf("; SQL statement:");
        return sqlPart >= 0 ? line.substring(0, sqlPart) : line;
    }
}
