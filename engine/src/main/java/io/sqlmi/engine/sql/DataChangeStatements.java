package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * INSERT, UPDATE, DELETE, MERGE. H2 runs them as written, with two rewrites:
 * <ul>
 * <li>OUTPUT inserted.* / deleted.* becomes a query of H2's data change delta table
 * ({@code SELECT ... FROM FINAL TABLE (INSERT ...)}, {@code OLD TABLE (DELETE ...)}), so the
 * statement returns the changed rows as SQL Server does;</li>
 * <li>parameters stored straight into a column (INSERT ... VALUES, UPDATE ... SET col = @p) are
 * listed as {@link Translation.Assignment}s, because converting a datetimeoffset value to a column
 * without an offset must keep its local time, which depends on the column's type.</li>
 * </ul>
 */
final class DataChangeStatements {
    private static final Set<String> INSERT_SOURCES = Set.of("VALUES", "SELECT", "DEFAULT", "EXEC", "EXECUTE");
    private static final Set<String> UPDATE_CLAUSES = Set.of("OUTPUT", "FROM", "WHERE", "OPTION");

    private DataChangeStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        if (sql.isWord(0, "WITH")) {
            return new Translation.Run(kind, "", rewriter.sqlOf(rewriter.rewrite(0, sql.size())), List.of());
        }
        int output = sql.findWord(1, sql.size(), "OUTPUT");
        if (kind == StatementKind.INSERT && (sql.findWord(1, sql.size(), "EXEC") >= 0
                || sql.findWord(1, sql.size(), "EXECUTE") >= 0)) {
            throw SqlError.NOT_SUPPORTED.exception("INSERT ... EXEC");
        }
        Map<Integer, Target> targets = kind == StatementKind.INSERT ? insertTargets(sql)
                : kind == StatementKind.UPDATE ? updateTargets(sql) : Map.of();
        String h2;
        if (kind == StatementKind.MERGE && !sql.isWord(1, "INTO")) {
            // H2 needs MERGE INTO; T-SQL makes INTO optional
            h2 = "MERGE INTO " + rewriter.rewrite(1, sql.size());
            if (output >= 0) {
                throw SqlError.NOT_SUPPORTED.exception("MERGE ... OUTPUT");
            }
        } else if (output < 0) {
            h2 = rewriter.rewrite(0, sql.size());
        } else if (kind == StatementKind.MERGE) {
            throw SqlError.NOT_SUPPORTED.exception("MERGE ... OUTPUT");
        } else {
            h2 = withOutput(kind, rewriter, output);
        }
        List<Translation.Assignment> assignments = new ArrayList<>();
        List<Integer> tokens = rewriter.parameterTokens();
        for (int p = 0; p < tokens.size(); p++) {
            Target target = targets.get(tokens.get(p));
            if (target != null) {
                assignments.add(new Translation.Assignment(p, target.table(), target.column()));
            }
        }
        return new Translation.Run(kind, "", rewriter.sqlOf(h2), List.copyOf(assignments));
    }

    /** A column a token's value is stored into; the column is "#n" (1-based) when the statement lists none. */
    private record Target(String table, String column) {
    }

    /** SELECT list FROM FINAL TABLE (statement without its OUTPUT clause), or OLD TABLE for deleted rows. */
    private static String withOutput(StatementKind kind, Rewriter rewriter, int output) {
        SqlText sql = rewriter.sql();
        int end = outputEnd(kind, sql, output);
        if (sql.findWord(output + 1, end, "INTO") >= 0) {
            throw SqlError.NOT_SUPPORTED.exception("OUTPUT ... INTO");
        }
        boolean inserted = false;
        boolean deleted = false;
        for (int i = output + 1; i < end; i++) {
            if (sql.isSymbol(i + 1, ".") && sql.isName(i) && !sql.isSymbol(i - 1, ".")) {
                String prefix = sql.get(i).identifier();
                inserted |= prefix.equalsIgnoreCase("inserted");
                deleted |= prefix.equalsIgnoreCase("deleted");
                if ((prefix.equalsIgnoreCase("deleted") && kind == StatementKind.INSERT)
                        || (prefix.equalsIgnoreCase("inserted") && kind == StatementKind.DELETE)) {
                    throw SqlError.MULTIPART_NOT_BOUND.exception(prefix + "." + sql.get(i + 2).text());
                }
            }
        }
        if (inserted && deleted) {
            throw SqlError.NOT_SUPPORTED.exception("OUTPUT of both inserted and deleted values");
        }
        String table = deleted || kind == StatementKind.DELETE ? "OLD TABLE" : "FINAL TABLE";
        StringBuilder list = new StringBuilder();
        String gap = "";
        for (int i = output + 1; i < end; i++) {
            if (sql.isName(i) && sql.isSymbol(i + 1, ".") && !sql.isSymbol(i - 1, ".")
                    && (sql.get(i).identifier().equalsIgnoreCase("inserted")
                    || sql.get(i).identifier().equalsIgnoreCase("deleted"))) {
                gap = rewriter.gap(i); // the prefix and its dot go; the space before them stays
                i++;
                continue;
            }
            list.append(list.isEmpty() ? "" : gap.isEmpty() ? rewriter.gap(i) : gap).append(rewriter.rewrite(i, i + 1));
            gap = "";
        }
        String before = rewriter.rewrite(0, output);
        String after = end < sql.size() ? rewriter.gap(end) + rewriter.rewrite(end, sql.size()) : "";
        return "SELECT " + list + " FROM " + table + " (" + before + after + ")";
    }

    /** Where the OUTPUT list stops: the INSERT source, or UPDATE / DELETE's FROM, WHERE or OPTION. */
    private static int outputEnd(StatementKind kind, SqlText sql, int output) {
        int depth = 0;
        for (int i = output + 1; i < sql.size(); i++) {
            if (sql.isSymbol(i, "(")) {
                depth++;
            } else if (sql.isSymbol(i, ")")) {
                depth--;
            } else if (depth == 0) {
                String word = sql.word(i);
                if (kind == StatementKind.INSERT ? INSERT_SOURCES.contains(word) || sql.opensCommonTableExpression(i)
                        : UPDATE_CLAUSES.contains(word) && !word.equals("OUTPUT")) {
                    return i;
                }
            }
        }
        return sql.size();
    }

    /** INSERT [INTO] table [(columns)] ... VALUES (row), ...: the column each single-token value lands in. */
    private static Map<Integer, Target> insertTargets(SqlText sql) {
        int i = 1;
        if (sql.isWord(i, "TOP")) {
            i = sql.closingParenthesis(i + 1) + 1;
        }
        if (sql.isWord(i, "INTO")) {
            i++;
        }
        int tableStart = i;
        String table = qualifiedName(sql, i);
        if (table == null) {
            return Map.of();
        }
        i = afterQualifiedName(sql, tableStart);
        if (sql.isWord(i, "WITH") && sql.isSymbol(i + 1, "(")) {
            i = sql.closingParenthesis(i + 1) + 1;
        }
        List<String> columns = new ArrayList<>();
        if (sql.isSymbol(i, "(")) {
            int close = sql.closingParenthesis(i);
            for (int[] part : sql.splitOnCommas(i + 1, close)) {
                if (part[1] - part[0] == 1 && sql.isName(part[0])) {
                    columns.add(sql.get(part[0]).identifier());
                } else {
                    return Map.of();
                }
            }
            i = close + 1;
        }
        int values = sql.findWord(i, sql.size(), "VALUES");
        if (values < 0) {
            return Map.of();
        }
        Map<Integer, Target> targets = new HashMap<>();
        int row = values + 1;
        while (sql.isSymbol(row, "(")) {
            int close = sql.closingParenthesis(row);
            List<int[]> items = sql.splitOnCommas(row + 1, close);
            for (int n = 0; n < items.size(); n++) {
                int[] item = items.get(n);
                if (item[1] - item[0] == 1 && sql.isKind(item[0], Token.Kind.VARIABLE)) {
                    String column = columns.isEmpty() ? "#" + (n + 1) : n < columns.size() ? columns.get(n) : null;
                    if (column != null) {
                        targets.put(item[0], new Target(table, column));
                    }
                }
            }
            row = close + 1;
            if (!sql.isSymbol(row, ",")) {
                break;
            }
            row++;
        }
        return targets;
    }

    /** UPDATE table SET column = @p, ...: the column each single-token value is stored into. */
    private static Map<Integer, Target> updateTargets(SqlText sql) {
        int i = 1;
        if (sql.isWord(i, "TOP")) {
            i = sql.closingParenthesis(i + 1) + 1;
        }
        String table = qualifiedName(sql, i);
        int set = sql.findWord(i, sql.size(), "SET");
        if (table == null || set < 0) {
            return Map.of();
        }
        int end = sql.size();
        for (String clause : UPDATE_CLAUSES) {
            int at = sql.findWord(set + 1, sql.size(), clause);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        Map<Integer, Target> targets = new HashMap<>();
        for (int[] item : sql.splitOnCommas(set + 1, end)) {
            int length = item[1] - item[0];
            if (length == 3 && sql.isName(item[0]) && sql.isSymbol(item[0] + 1, "=")
                    && sql.isKind(item[0] + 2, Token.Kind.VARIABLE)) {
                targets.put(item[0] + 2, new Target(table, sql.get(item[0]).identifier()));
            }
        }
        return targets;
    }

    /** schema.table or table as written (without brackets), or null when no name stands at {@code start}. */
    private static String qualifiedName(SqlText sql, int start) {
        if (!sql.isName(start)) {
            return null;
        }
        StringBuilder name = new StringBuilder(sql.get(start).identifier());
        int i = start + 1;
        while (sql.isSymbol(i, ".") && sql.isName(i + 1)) {
            name.append('.').append(sql.get(i + 1).identifier());
            i += 2;
        }
        return name.toString();
    }

    private static int afterQualifiedName(SqlText sql, int start) {
        int i = start + 1;
        while (sql.isSymbol(i, ".") && sql.isName(i + 1)) {
            i += 2;
        }
        return i;
    }
}
