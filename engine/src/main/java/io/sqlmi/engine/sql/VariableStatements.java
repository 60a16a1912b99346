package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.List;

/** DECLARE @v type [= value], SET @v = expression (and +=, -=, ...): H2 session variables, cast to their declared types. */
final class VariableStatements {
    private VariableStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        return kind == StatementKind.DECLARE ? declare(rewriter) : assign(rewriter);
    }

    private static Translation declare(Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        List<Translation.Sql> assignments = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        List<String> types = new ArrayList<>();
        if (!sql.isKind(1, Token.Kind.VARIABLE)) {
            if (sql.isWord(2, "CURSOR")) {
                throw SqlError.NOT_SUPPORTED.exception("DECLARE CURSOR");
            }
            throw sql.syntaxError(1);
        }
        for (int[] part : declarations(sql)) {
            int at = part[0];
            String variable = sql.get(at).upper();
            int typeAt = at + 1;
            if (sql.isWord(typeAt, "AS")) {
                typeAt++;
            }
            if (sql.isWord(typeAt, "TABLE") || sql.isWord(typeAt, "CURSOR")) {
                throw SqlError.NOT_SUPPORTED.exception("DECLARE " + sql.word(typeAt));
            }
            if (!sql.isName(typeAt)) {
                throw sql.syntaxError(typeAt);
            }
            int typeEnd = typeAt + 1;
            if (sql.isSymbol(typeEnd, "(")) {
                typeEnd = sql.closingParenthesis(typeEnd) + 1;
            }
            TypeNames.H2Type type = TypeNames.toH2(sql.get(typeAt).identifier(), sql.source(typeAt + 1, typeEnd));
            String initial = "NULL";
            if (typeEnd < part[1]) {
                if (!sql.isSymbol(typeEnd, "=") || typeEnd + 1 >= part[1]) {
                    throw sql.syntaxError(typeEnd);
                }
                initial = rewriter.rewrite(typeEnd + 1, part[1]);
            }
            declared.add(variable);
            types.add(type.sql());
            assignments.add(rewriter.sqlOf("SET " + Rewriter.variable(variable) + " = CAST(" + initial + " AS "
                    + type.sql() + ")"));
        }
        return new Translation.Declare(List.copyOf(assignments), List.copyOf(declared), List.copyOf(types));
    }

    /** The declarations of a DECLARE, split on the commas that are followed by a variable. */
    private static List<int[]> declarations(SqlText sql) {
        List<int[]> parts = new ArrayList<>();
        int start = 1;
        for (int[] piece : sql.splitOnCommas(1, sql.size())) {
            if (piece[0] != start && sql.isKind(piece[0], Token.Kind.VARIABLE)) {
                parts.add(new int[] {start, piece[0] - 1});
                start = piece[0];
            }
        }
        parts.add(new int[] {start, sql.size()});
        return parts;
    }

    /** SET @v = expression, or SET @v op= expression. */
    private static Translation assign(Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        String variable = sql.get(1).upper();
        Token operator = sql.get(2);
        if (operator == null || operator.kind() != Token.Kind.SYMBOL || !operator.text().endsWith("=")
                || sql.size() < 4) {
            throw sql.syntaxError(operator == null ? 1 : 3);
        }
        rewriter.read(variable);
        String expression = rewriter.rewrite(3, sql.size());
        String value = operator.text().length() == 2
                ? Rewriter.variable(variable) + " " + operator.text().charAt(0) + " (" + expression + ")"
                : expression;
        return new Translation.AssignVariable(variable, rewriter.sqlOf(value));
    }
}
