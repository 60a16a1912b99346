package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** SELECT (and WITH ... SELECT): run by H2, or, as SELECT @v = expr, an assignment of the last row's values. */
final class QueryStatements {
    private static final Set<String> CLAUSES = Set.of("FROM", "WHERE", "GROUP", "ORDER", "HAVING", "UNION", "EXCEPT",
            "INTERSECT", "OPTION", "FOR");

    private QueryStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        int first = 1;
        if (sql.isWord(0, "SELECT") && sql.isWord(1, "TOP")) {
            first = sql.isSymbol(2, "(") ? sql.closingParenthesis(2) + 1 : 3;
        }
        if (sql.isWord(0, "SELECT") && sql.isKind(first, Token.Kind.VARIABLE) && sql.isSymbol(first + 1, "=")) {
            return assignment(rewriter, first);
        }
        int orderBy = unionOrderBy(sql);
        String h2 = orderBy < 0 ? rewriter.rewrite(0, sql.size())
                : rewriter.rewrite(0, orderBy) + rewriter.gap(orderBy) + unqualifiedOrderBy(rewriter, orderBy);
        return new Translation.Run(kind, "", rewriter.sqlOf(h2), List.of());
    }

    /** The ORDER BY that ends a UNION / EXCEPT / INTERSECT (outside parentheses), or -1. */
    private static int unionOrderBy(SqlText sql) {
        int depth = 0;
        boolean setOperation = false;
        int orderBy = -1;
        for (int i = 0; i < sql.size(); i++) {
            if (sql.isSymbol(i, "(")) {
                depth++;
            } else if (sql.isSymbol(i, ")")) {
                depth--;
            } else if (depth == 0) {
                String word = sql.word(i);
                if (word.equals("UNION") || word.equals("EXCEPT") || word.equals("INTERSECT")) {
                    setOperation = true;
                    orderBy = -1;
                } else if (word.equals("ORDER") && sql.isWord(i + 1, "BY")) {
                    orderBy = i;
                }
            }
        }
        return setOperation ? orderBy : -1;
    }

    /**
     * SQL Server lets the ORDER BY of a UNION name columns as table.column; H2 wants the result's
     * column names, which are the same names without the qualifier.
     */
    private static String unqualifiedOrderBy(Rewriter rewriter, int orderBy) {
        SqlText sql = rewriter.sql();
        StringBuilder out = new StringBuilder();
        int i = orderBy;
        while (i < sql.size()) {
            if (i > orderBy) {
                out.append(rewriter.gap(i));
            }
            if (sql.isName(i) && sql.isSymbol(i + 1, ".") && sql.isName(i + 2) && !sql.isSymbol(i + 3, ".")
                    && !sql.isSymbol(i + 3, "(") && !sql.isSymbol(i - 1, ".")) {
                out.append(rewriter.rewrite(i + 2, i + 3));
                i += 3;
            } else if (sql.isKind(i, Token.Kind.WORD) && sql.isSymbol(i + 1, "(")) {
                int close = sql.closingParenthesis(i + 1);
                out.append(rewriter.rewrite(i, close + 1));
                i = close + 1;
            } else {
                out.append(rewriter.rewrite(i, i + 1));
                i++;
            }
        }
        return out.toString();
    }

    /** SELECT [TOP n] @a = x, @b = y [FROM ...] runs as SELECT [TOP n] x, y [FROM ...]. */
    private static Translation assignment(Rewriter rewriter, int first) {
        SqlText sql = rewriter.sql();
        int clauses = sql.size();
        int depth = 0;
        for (int i = first; i < sql.size(); i++) {
            if (sql.isSymbol(i, "(")) {
                depth++;
            } else if (sql.isSymbol(i, ")")) {
                depth--;
            } else if (depth == 0 && CLAUSES.contains(sql.word(i))) {
                clauses = i;
                break;
            }
        }
        List<String> targets = new ArrayList<>();
        StringBuilder select = new StringBuilder(rewriter.rewrite(0, first)).append(' ');
        for (int[] part : sql.splitOnCommas(first, clauses)) {
            if (!sql.isKind(part[0], Token.Kind.VARIABLE) || !sql.isSymbol(part[0] + 1, "=")) {
                throw SqlError.ASSIGNMENT_WITH_RETRIEVAL.exception();
            }
            String variable = sql.get(part[0]).upper();
            rewriter.read(variable);
            targets.add(variable);
            select.append(targets.size() > 1 ? ", " : "").append(rewriter.rewrite(part[0] + 2, part[1]));
        }
        if (clauses < sql.size()) {
            select.append(rewriter.gap(clauses)).append(rewriter.rewrite(clauses, sql.size()));
        }
        return new Translation.SelectIntoVariables(rewriter.sqlOf(select.toString()), List.copyOf(targets));
    }
}
