package io.sqlmi.engine.sql;

import java.util.Set;

/** BEGIN [DISTRIBUTED] TRAN[SACTION] [name] [WITH MARK], COMMIT / ROLLBACK [TRAN | WORK] [name], SAVE TRAN name. */
final class TransactionStatements {
    private static final Set<String> TRAN = Set.of("TRAN", "TRANSACTION");

    private TransactionStatements() {
    }

    static Translation translate(StatementKind kind, Rewriter rewriter) {
        SqlText sql = rewriter.sql();
        int nameAt;
        Translation.Transaction.Step step;
        switch (kind) {
            case BEGIN_TRANSACTION -> {
                step = Translation.Transaction.Step.BEGIN;
                nameAt = sql.isWord(1, "DISTRIBUTED") ? 3 : 2;
                if (!TRAN.contains(sql.word(nameAt - 1))) {
                    throw sql.syntaxError(nameAt - 1);
                }
            }
            case COMMIT, ROLLBACK -> {
                step = kind == StatementKind.COMMIT ? Translation.Transaction.Step.COMMIT
                        : Translation.Transaction.Step.ROLLBACK;
                nameAt = TRAN.contains(sql.word(1)) || sql.isWord(1, "WORK") ? 2 : 1;
            }
            default -> {
                step = Translation.Transaction.Step.SAVE;
                nameAt = 2;
                if (!TRAN.contains(sql.word(1))) {
                    throw sql.syntaxError(1);
                }
            }
        }
        String name = null;
        int end = nameAt;
        if (nameAt < sql.size() && !sql.isWord(nameAt, "WITH")) {
            Token token = sql.get(nameAt);
            name = token.kind() == Token.Kind.VARIABLE ? token.text() : token.identifier();
            if (token.kind() != Token.Kind.VARIABLE && !sql.isName(nameAt)) {
                throw sql.syntaxError(nameAt);
            }
            end = nameAt + 1;
        }
        if (step == Translation.Transaction.Step.BEGIN && sql.isWord(end, "WITH") && sql.isWord(end + 1, "MARK")) {
            end += sql.isKind(end + 2, Token.Kind.STRING) ? 3 : 2;
        } else if (step == Translation.Transaction.Step.COMMIT && sql.isWord(end, "WITH") && sql.isSymbol(end + 1, "(")) {
            end = sql.closingParenthesis(end + 1) + 1; // delayed durability: every commit here is durable
        }
        if (end != sql.size()) {
            throw sql.syntaxError(end);
        }
        if (step == Translation.Transaction.Step.SAVE && name == null) {
            throw sql.syntaxError(nameAt);
        }
        return new Translation.Transaction(step, name);
    }
}
