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
        String h2 = rewriter.rewrite(0, sql.size());
        return new Translation.Run(kind, "", rewriter.sqlOf(h2), List.of());
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
                throw SqlError.NOT_SUPPORTED.exception("SELECT mixing assignments and columns");
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
