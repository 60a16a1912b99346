package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a T-SQL batch into statements. T-SQL needs no separator between statements, so a
 * statement ends at ';' or where its family's grammar cannot go on: a SET option ends at its value,
 * BEGIN TRAN at its name, INSERT ... VALUES after its last row; a SELECT keeps OFFSET ... FETCH and
 * UNION SELECT, an UPDATE its first SET, ALTER TABLE its ON DELETE. Otherwise a statement runs to
 * the next word that starts a statement ({@link SqlText#STATEMENT_STARTS}) outside parentheses and
 * CASE ... END. Every token of the batch ends up in exactly one statement, or the batch is an error:
 * nothing is dropped. IF / ELSE and BEGIN ... END become nodes the executor evaluates.
 */
public final class BatchSplitter {
    private static final Set<String> DROP_IF_TARGETS = Set.of("TABLE", "VIEW", "INDEX", "PROCEDURE", "PROC",
            "FUNCTION", "SCHEMA", "DATABASE", "TRIGGER", "SEQUENCE", "TYPE", "COLUMN", "CONSTRAINT", "SYNONYM",
            "DEFAULT", "RULE", "USER", "ROLE", "LOGIN");
    private static final Set<String> SET_OPERATORS = Set.of("UNION", "ALL", "EXCEPT", "INTERSECT");
    private static final Set<String> ROUTINES = Set.of("PROCEDURE", "PROC", "FUNCTION", "TRIGGER");

    private final SqlText sql;
    private int position;

    private BatchSplitter(String batch) {
        this.sql = SqlText.of(batch);
    }

    public static List<BatchNode> split(String batch) {
        BatchSplitter splitter = new BatchSplitter(batch);
        List<BatchNode> nodes = splitter.list(false);
        if (splitter.position < splitter.sql.size()) {
            throw splitter.sql.syntaxError(splitter.position);
        }
        return nodes;
    }

    private List<BatchNode> list(boolean untilEnd) {
        List<BatchNode> nodes = new ArrayList<>();
        while (true) {
            skipSemicolons();
            if (position >= sql.size()) {
                if (untilEnd) {
                    throw sql.syntaxError(position);
                }
                return nodes;
            }
            if (sql.isWord(position, "END") && untilEnd) {
                position++;
                return nodes;
            }
            if (sql.isWord(position, "END") || sql.isWord(position, "ELSE")) {
                return nodes;
            }
            nodes.add(node(nodes.isEmpty() && !untilEnd));
        }
    }

    private BatchNode node(boolean firstInBatch) {
        skipSemicolons();
        if (position >= sql.size()) {
            throw sql.syntaxError(position);
        }
        int start = position;
        Token first = sql.get(start);
        if (first.isWord("IF")) {
            int end = expressionEnd(start + 1, false);
            if (end == start + 1) {
                throw sql.syntaxError(start);
            }
            String condition = sql.source(start + 1, end);
            position = end;
            BatchNode then = node(false);
            skipSemicolons();
            BatchNode otherwise = null;
            if (sql.isWord(position, "ELSE")) {
                position++;
                otherwise = node(false);
            }
            return new BatchNode.If(condition, first.line(), then, otherwise);
        }
        if (first.isWord("BEGIN") && !isBeginOfStatement(start)) {
            position++;
            return new BatchNode.Block(list(true));
        }
        if (first.isWord("WHILE")) {
            throw SqlError.NOT_SUPPORTED.exception("WHILE").atLineOffset(first.line() - 1);
        }
        StatementKind kind = classify(start, firstInBatch);
        if (kind == StatementKind.UNSUPPORTED) {
            // refused when the batch is read, as SQL Server refuses it when it compiles the batch
            String second = sql.word(start + 1);
            String what = Set.of("BEGIN", "INSERT").contains(first.upper()) ? first.upper() + " " + second
                    : first.upper();
            throw SqlError.NOT_SUPPORTED.exception(what).atLineOffset(first.line() - 1);
        }
        // fixed-shape families end where their shape ends; a batch that stops short ends them early
        int end = Math.max(start + 1, Math.min(end(kind, start), sql.size()));
        position = end;
        return new BatchNode.Statement(kind, sql.source(start, end), first.line());
    }

    /** BEGIN TRAN / BEGIN TRY / BEGIN CATCH / BEGIN DISTRIBUTED are statements; a bare BEGIN opens a block. */
    private boolean isBeginOfStatement(int index) {
        String next = sql.word(index + 1);
        return next.equals("TRAN") || next.equals("TRANSACTION") || next.equals("DISTRIBUTED") || next.equals("TRY")
                || next.equals("CATCH");
    }

    // ------------------------------------------------------------------ families

    private StatementKind classify(int start, boolean firstInBatch) {
        Token first = sql.get(start);
        if (first.isSymbol("(")) {
            return StatementKind.QUERY;
        }
        String word = sql.word(start);
        return switch (word) {
            case "SELECT" -> StatementKind.QUERY;
            case "WITH" -> {
                if (!sql.opensCommonTableExpression(start)) {
                    throw sql.syntaxError(start);
                }
                yield switch (sql.word(afterCommonTableExpressions(start))) {
                    case "SELECT" -> StatementKind.QUERY;
                    case "INSERT" -> StatementKind.INSERT;
                    case "UPDATE" -> StatementKind.UPDATE;
                    case "DELETE" -> StatementKind.DELETE;
                    case "MERGE" -> StatementKind.MERGE;
                    default -> throw sql.syntaxError(afterCommonTableExpressions(start));
                };
            }
            case "INSERT" -> sql.isWord(start + 1, "BULK") ? StatementKind.UNSUPPORTED : StatementKind.INSERT;
            case "UPDATE" -> sql.isWord(start + 1, "STATISTICS") ? StatementKind.MAINTENANCE : StatementKind.UPDATE;
            case "DELETE" -> StatementKind.DELETE;
            case "MERGE" -> StatementKind.MERGE;
            case "CREATE", "ALTER" -> {
                String object = objectWord(start);
                if (ROUTINES.contains(object)) {
                    yield StatementKind.ROUTINE;
                }
                if (object.equals("DATABASE")) {
                    yield word.equals("CREATE") ? StatementKind.CREATE_DATABASE : StatementKind.ALTER_DATABASE;
                }
                yield word.equals("CREATE") ? StatementKind.CREATE : StatementKind.ALTER;
            }
            case "DROP" -> sql.isWord(start + 1, "DATABASE") ? StatementKind.DROP_DATABASE : StatementKind.DROP;
            case "TRUNCATE" -> StatementKind.TRUNCATE;
            case "DECLARE" -> StatementKind.DECLARE;
            case "SET" -> sql.isKind(start + 1, Token.Kind.VARIABLE) ? StatementKind.SET_VARIABLE
                    : StatementKind.SET_OPTION;
            case "USE" -> StatementKind.USE;
            case "EXEC", "EXECUTE" -> StatementKind.EXEC;
            case "PRINT" -> StatementKind.PRINT;
            case "RAISERROR" -> StatementKind.RAISERROR;
            case "THROW" -> StatementKind.THROW;
            case "WAITFOR" -> StatementKind.WAITFOR;
            case "RETURN" -> StatementKind.RETURN;
            case "BEGIN" -> sql.isWord(start + 1, "TRY") || sql.isWord(start + 1, "CATCH") ? StatementKind.UNSUPPORTED
                    : StatementKind.BEGIN_TRANSACTION;
            case "COMMIT" -> StatementKind.COMMIT;
            case "ROLLBACK" -> StatementKind.ROLLBACK;
            case "SAVE" -> StatementKind.SAVE;
            case "GRANT", "REVOKE", "DENY" -> StatementKind.PERMISSION;
            case "CHECKPOINT", "RECONFIGURE" -> StatementKind.MAINTENANCE;
            case "BREAK", "CONTINUE", "GOTO", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "DBCC", "KILL", "SHUTDOWN",
                "BULK" -> StatementKind.UNSUPPORTED;
            default -> {
                // a procedure name alone as the first statement of a batch is a call, as in SQL Server
                if (firstInBatch && first.kind() == Token.Kind.WORD) {
                    yield StatementKind.EXEC;
                }
                throw sql.syntaxError(start);
            }
        };
    }

    /** The object word of CREATE / ALTER, past OR ALTER, UNIQUE, CLUSTERED and NONCLUSTERED. */
    private String objectWord(int start) {
        int i = start + 1;
        if (sql.isWord(i, "OR") && sql.isWord(i + 1, "ALTER")) {
            i += 2;
        }
        while (Set.of("UNIQUE", "CLUSTERED", "NONCLUSTERED").contains(sql.word(i))) {
            i++;
        }
        return sql.word(i);
    }

    private int end(StatementKind kind, int start) {
        return switch (kind) {
            case QUERY -> sql.isWord(start, "WITH") ? withEnd(start) : queryEnd(start);
            case INSERT, UPDATE, DELETE, MERGE -> sql.isWord(start, "WITH") ? withEnd(start) : dataChangeEnd(kind, start);
            case CREATE, ALTER -> schemaEnd(start);
            case ROUTINE -> sql.size();
            case DROP, DROP_DATABASE -> scan(start + 1, false, i -> sql.isWord(i, "IF") && sql.isWord(i + 1, "EXISTS")
                    && DROP_IF_TARGETS.contains(sql.word(i - 1)));
            case ALTER_DATABASE -> {
                Claim set = firstOnly("SET");
                yield scan(start + 1, false, i -> set.keeps(i) || (sql.isWord(i, "ROLLBACK") && sql.isWord(i - 1, "WITH")));
            }
            case SET_OPTION -> setOptionEnd(start);
            case SET_VARIABLE -> expressionEnd(start + 3, false);
            case DECLARE -> declareEnd(start);
            case USE -> start + 2;
            case WAITFOR -> start + 3;
            case BEGIN_TRANSACTION -> transactionEnd(start + (sql.isWord(start + 1, "DISTRIBUTED") ? 3 : 2), true);
            case COMMIT, ROLLBACK -> transactionEnd(start + (Set.of("TRAN", "TRANSACTION", "WORK")
                    .contains(sql.word(start + 1)) ? 2 : 1), false);
            case SAVE -> transactionEnd(start + 2, false);
            case RAISERROR -> raiserrorEnd(start);
            case PERMISSION -> permissionEnd(start);
            case MAINTENANCE -> scan(start + 1, false, none());
            case EXEC -> sql.isSymbol(start + 1, "(") ? afterExecOptions(sql.closingParenthesis(start + 1) + 1)
                    : scan(start + (sql.isWord(start, "EXEC") || sql.isWord(start, "EXECUTE") ? 1 : 0), false, none());
            default -> scan(start + 1, false, none());
        };
    }

    // ------------------------------------------------------------------ extents

    /** A claim lets a statement keep a word that would otherwise start the next statement. */
    @FunctionalInterface
    private interface Claim {
        boolean keeps(int index);
    }

    private static Claim none() {
        return index -> false;
    }

    /** Keeps the first occurrence of a word only (UPDATE's SET, ALTER DATABASE's SET). */
    private Claim firstOnly(String word) {
        boolean[] seen = {false};
        return index -> {
            if (!seen[0] && sql.isWord(index, word)) {
                seen[0] = true;
                return true;
            }
            return false;
        };
    }

    /**
     * The end of a run of tokens from {@code from}: the first ';', END, ELSE or statement start
     * outside parentheses and CASE ... END that the claim does not keep, or a ',' if asked.
     */
    private int scan(int from, boolean stopAtComma, Claim claim) {
        int depth = 0;
        int caseDepth = 0;
        for (int i = from; i < sql.size(); i++) {
            Token token = sql.get(i);
            if (token.isSymbol("(")) {
                depth++;
                continue;
            }
            if (token.isSymbol(")")) {
                if (depth == 0) {
                    return i;
                }
                depth--;
                continue;
            }
            if (depth > 0) {
                continue;
            }
            if (token.isSymbol(";") || (stopAtComma && caseDepth == 0 && token.isSymbol(","))) {
                return i;
            }
            if (token.kind() != Token.Kind.WORD) {
                continue;
            }
            if (token.isWord("CASE")) {
                caseDepth++;
            } else if (token.isWord("END")) {
                if (caseDepth == 0) {
                    return i;
                }
                caseDepth--;
            } else if (caseDepth == 0 && token.isWord("ELSE")) {
                return i;
            } else if (caseDepth == 0 && sql.startsStatement(i) && !claim.keeps(i)) {
                return i;
            }
        }
        return sql.size();
    }

    private int expressionEnd(int from, boolean stopAtComma) {
        return scan(from, stopAtComma, none());
    }

    /** SELECT keeps OFFSET ... ROWS FETCH, and the SELECT after UNION / EXCEPT / INTERSECT [ALL]. */
    private int queryEnd(int from) {
        return scan(sql.isSymbol(from, "(") ? from : from + 1, false, i -> (sql.isWord(i, "FETCH") && (sql.isWord(i - 1, "ROWS")
                || sql.isWord(i - 1, "ROW"))) || (sql.isWord(i, "SELECT") && SET_OPERATORS.contains(sql.word(i - 1)))
                || (sql.isWord(i, "UPDATE") && sql.isWord(i - 1, "FOR")));
    }

    private int afterCommonTableExpressions(int start) {
        int i = start + 1;
        while (true) {
            i++;
            if (sql.isSymbol(i, "(")) {
                i = sql.closingParenthesis(i) + 1;
            }
            if (!sql.isWord(i, "AS") || !sql.isSymbol(i + 1, "(")) {
                throw sql.syntaxError(i);
            }
            i = sql.closingParenthesis(i + 1) + 1;
            if (!sql.isSymbol(i, ",")) {
                return i;
            }
            i++;
        }
    }

    private int withEnd(int start) {
        int main = afterCommonTableExpressions(start);
        return switch (sql.word(main)) {
            case "SELECT" -> queryEnd(main);
            case "INSERT" -> dataChangeEnd(StatementKind.INSERT, main);
            case "UPDATE" -> dataChangeEnd(StatementKind.UPDATE, main);
            case "DELETE" -> dataChangeEnd(StatementKind.DELETE, main);
            case "MERGE" -> dataChangeEnd(StatementKind.MERGE, main);
            default -> throw sql.syntaxError(main);
        };
    }

    private int dataChangeEnd(StatementKind kind, int start) {
        return switch (kind) {
            case INSERT -> insertEnd(start);
            case UPDATE -> scan(start + 1, false, firstOnly("SET"));
            case MERGE -> mergeEnd(start);
            default -> scan(start + 1, false, none());
        };
    }

    /** INSERT ... ends after its source: VALUES rows, DEFAULT VALUES, a query or an EXEC. */
    private int insertEnd(int start) {
        int i = start + 1;
        while (i < sql.size()) {
            Token token = sql.get(i);
            if (token.isSymbol("(")) {
                i = sql.closingParenthesis(i) + 1;
                continue;
            }
            if (token.isSymbol(";")) {
                return i;
            }
            String word = sql.word(i);
            switch (word) {
                case "VALUES" -> {
                    i++;
                    while (sql.isSymbol(i, "(")) {
                        i = sql.closingParenthesis(i) + 1;
                        if (!sql.isSymbol(i, ",")) {
                            return i;
                        }
                        i++;
                    }
                    return i;
                }
                case "DEFAULT" -> {
                    return sql.isWord(i + 1, "VALUES") ? i + 2 : i + 1;
                }
                case "SELECT" -> {
                    return queryEnd(i);
                }
                case "EXEC", "EXECUTE" -> {
                    return scan(i + 1, false, none());
                }
                case "WITH" -> {
                    if (sql.opensCommonTableExpression(i)) {
                        return withEnd(i);
                    }
                    i++;
                }
                default -> {
                    if (sql.startsStatement(i)) {
                        return i;
                    }
                    i++;
                }
            }
        }
        return i;
    }

    /** MERGE must end with ';' in T-SQL (error 10713), which is also the only safe place to end it. */
    private int mergeEnd(int start) {
        int depth = 0;
        for (int i = start + 1; i < sql.size(); i++) {
            if (sql.isSymbol(i, "(")) {
                depth++;
            } else if (sql.isSymbol(i, ")")) {
                depth--;
            } else if (depth == 0 && sql.isSymbol(i, ";")) {
                return i;
            }
        }
        throw SqlError.MERGE_WITHOUT_SEMICOLON.exception().atLineOffset(sql.get(start).line() - 1);
    }

    /** CREATE VIEW ... AS query keeps its query; ALTER TABLE keeps ALTER COLUMN, DROP, SET ( and ON DELETE / UPDATE. */
    private int schemaEnd(int start) {
        String object = objectWord(start);
        if (object.equals("VIEW")) {
            int as = start + 1;
            while (as < sql.size() && !sql.isWord(as, "AS")) {
                if (sql.isSymbol(as, "(")) {
                    as = sql.closingParenthesis(as);
                }
                as++;
            }
            int body = as + 1;
            if (sql.opensCommonTableExpression(body)) {
                return withEnd(body);
            }
            return sql.isWord(body, "SELECT") ? queryEnd(body) : scan(body, false, none());
        }
        if (sql.isWord(start, "ALTER") && object.equals("TABLE")) {
            Claim alter = firstOnly("ALTER");
            Claim drop = firstOnly("DROP");
            Claim set = firstOnly("SET");
            return scan(start + 2, false, i -> (sql.isWord(i, "ALTER") && sql.isWord(i + 1, "COLUMN") && alter.keeps(i))
                    || drop.keeps(i) || (sql.isSymbol(i + 1, "(") && set.keeps(i))
                    || ((sql.isWord(i, "DELETE") || sql.isWord(i, "UPDATE")) && sql.isWord(i - 1, "ON"))
                    || (sql.isWord(i, "IF") && sql.isWord(i + 1, "EXISTS") && DROP_IF_TARGETS.contains(sql.word(i - 1))));
        }
        return scan(start + 1, false, none());
    }

    /**
     * SET option[, option] value: the value is one token (a sign may precede it). TRANSACTION
     * ISOLATION LEVEL, IDENTITY_INSERT and STATISTICS have their own shapes.
     */
    private int setOptionEnd(int start) {
        int i = start + 1;
        String option = sql.word(i);
        if (option.equals("TRANSACTION")) {
            i += 3; // TRANSACTION ISOLATION LEVEL
            if (sql.isWord(i, "READ") || sql.isWord(i, "REPEATABLE")) {
                return i + 2;
            }
            return i + 1;
        }
        if (option.equals("IDENTITY_INSERT")) {
            i++;
            while (sql.isName(i) && sql.isSymbol(i + 1, ".")) {
                i += 2;
            }
            return i + 2;
        }
        i++;
        if (option.equals("STATISTICS")) {
            i++;
        }
        while (sql.isSymbol(i, ",") && sql.isName(i + 1)) {
            i += 2;
        }
        if (sql.isSymbol(i, "-") || sql.isSymbol(i, "+")) {
            i++;
        }
        return Math.min(i + 1, sql.size());
    }

    /** DECLARE @v [AS] type [= value] [, ...]; table variables and cursors are recognised so that they can be refused. */
    private int declareEnd(int start) {
        int i = start + 1;
        if (!sql.isKind(i, Token.Kind.VARIABLE)) {
            return queryAware(i);
        }
        while (true) {
            i++;
            if (sql.isWord(i, "AS")) {
                i++;
            }
            if (sql.isWord(i, "TABLE")) {
                return sql.isSymbol(i + 1, "(") ? sql.closingParenthesis(i + 1) + 1 : i + 1;
            }
            if (sql.isWord(i, "CURSOR")) {
                return queryAware(i);
            }
            i++; // the type name
            while (sql.isSymbol(i, ".") && sql.isName(i + 1)) {
                i += 2;
            }
            if (sql.isSymbol(i, "(")) {
                i = sql.closingParenthesis(i) + 1;
            }
            if (sql.isSymbol(i, "=")) {
                i = expressionEnd(i + 1, true);
            }
            if (!sql.isSymbol(i, ",") || !sql.isKind(i + 1, Token.Kind.VARIABLE)) {
                return i;
            }
            i++;
        }
    }

    /** A cursor declaration: runs to the end of its FOR query. */
    private int queryAware(int from) {
        return scan(from, false, i -> sql.isWord(i, "SELECT") && sql.isWord(i - 1, "FOR")
                || sql.isWord(i, "UPDATE") && sql.isWord(i - 1, "FOR"));
    }

    /** An optional transaction name (a word that starts no statement, a [name] or a @variable), then WITH MARK. */
    private int transactionEnd(int from, boolean allowMark) {
        int i = from;
        if (sql.isKind(i, Token.Kind.VARIABLE) || sql.isKind(i, Token.Kind.QUOTED_IDENTIFIER)
                || (sql.isKind(i, Token.Kind.WORD) && !sql.startsStatement(i) && !sql.isWord(i, "WITH")
                && !sql.isWord(i, "END") && !sql.isWord(i, "ELSE"))) {
            i++;
        }
        if (allowMark && sql.isWord(i, "WITH") && sql.isWord(i + 1, "MARK")) {
            i += 2;
            if (sql.isKind(i, Token.Kind.STRING)) {
                i++;
            }
        } else if (!allowMark && sql.isWord(i, "WITH") && sql.isSymbol(i + 1, "(")) {
            i = sql.closingParenthesis(i + 1) + 1; // COMMIT WITH (DELAYED_DURABILITY = ON)
        }
        return Math.min(i, sql.size());
    }

    /** RAISERROR (arguments) [WITH option, ...]. */
    private int raiserrorEnd(int start) {
        if (!sql.isSymbol(start + 1, "(")) {
            return scan(start + 1, false, none());
        }
        int i = sql.closingParenthesis(start + 1) + 1;
        if (sql.isWord(i, "WITH")) {
            i += 2;
            while (sql.isSymbol(i, ",")) {
                i += 2;
            }
        }
        return Math.min(i, sql.size());
    }

    /** EXEC ('...') [AS LOGIN|USER = '...']. */
    private int afterExecOptions(int i) {
        if (sql.isWord(i, "AS") && sql.isSymbol(i + 2, "=")) {
            return Math.min(i + 4, sql.size());
        }
        return i;
    }

    /** GRANT / DENY / REVOKE permissions [ON securable] TO|FROM principals [WITH GRANT OPTION] [CASCADE] [AS principal]. */
    private int permissionEnd(int start) {
        int i = start + 1;
        while (i < sql.size() && !sql.isWord(i, "TO") && !(sql.isWord(i, "FROM") && sql.isWord(start, "REVOKE"))) {
            if (sql.isSymbol(i, ";")) {
                return i;
            }
            i++;
        }
        i++;
        while (sql.isName(i)) {
            i++;
            if (!sql.isSymbol(i, ",")) {
                break;
            }
            i++;
        }
        if (sql.isWord(i, "WITH") && sql.isWord(i + 1, "GRANT") && sql.isWord(i + 2, "OPTION")) {
            i += 3;
        }
        if (sql.isWord(i, "CASCADE")) {
            i++;
        }
        if (sql.isWord(i, "AS") && sql.isName(i + 1)) {
            i += 2;
        }
        return Math.min(i, sql.size());
    }

    private void skipSemicolons() {
        while (sql.isSymbol(position, ";")) {
            position++;
        }
    }
}
