package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a T-SQL batch into statements. T-SQL needs no separator between statements
 * ({@code INSERT ... SELECT * FROM t} is one statement, {@code INSERT ... VALUES (1) SELECT 1} two),
 * so a statement ends at ';' or where a keyword that can only begin a statement appears at
 * parenthesis depth 0, with the exceptions each statement kind brings (UPDATE ... SET, INSERT ...
 * SELECT, ON DELETE CASCADE, WITH (NOLOCK), CASE ... END, UNION SELECT, a CTE's main statement).
 * IF / ELSE and BEGIN ... END become nodes the executor evaluates.
 */
public final class BatchParser {
    private static final Set<String> DROP_IF_TARGETS = Set.of("TABLE", "VIEW", "INDEX", "PROCEDURE", "PROC",
            "FUNCTION", "SCHEMA", "DATABASE", "TRIGGER", "SEQUENCE", "TYPE", "COLUMN", "CONSTRAINT", "SYNONYM",
            "DEFAULT", "RULE", "USER", "ROLE", "LOGIN");
    private static final Set<String> SET_OPERATORS = Set.of("UNION", "ALL", "EXCEPT", "INTERSECT");

    private final String sql;
    private final List<Token> tokens;
    private int position;

    private BatchParser(String sql) {
        this.sql = sql;
        List<Token> significant = new ArrayList<>();
        for (Token token : Lexer.tokenize(sql)) {
            if (token.significant()) {
                significant.add(token);
            }
        }
        this.tokens = significant;
    }

    public static List<BatchNode> parse(String sql) {
        BatchParser parser = new BatchParser(sql);
        List<BatchNode> nodes = parser.parseList(false);
        if (parser.position < parser.tokens.size()) {
            Token stray = parser.tokens.get(parser.position);
            throw SqlError.INCORRECT_SYNTAX.exception(stray.text()).atLineOffset(stray.line() - 1);
        }
        return nodes;
    }

    private List<BatchNode> parseList(boolean untilEnd) {
        List<BatchNode> nodes = new ArrayList<>();
        while (true) {
            skipSemicolons();
            if (position >= tokens.size()) {
                if (untilEnd) {
                    throw SqlError.INCORRECT_SYNTAX.exception("END");
                }
                return nodes;
            }
            Token next = tokens.get(position);
            if (next.isWord("END") && untilEnd) {
                position++;
                return nodes;
            }
            if (next.isWord("END") || next.isWord("ELSE")) {
                return nodes;
            }
            nodes.add(parseOne(nodes.isEmpty() && !untilEnd));
        }
    }

    private BatchNode parseOne(boolean firstInBatch) {
        skipSemicolons();
        if (position >= tokens.size()) {
            throw SqlError.INCORRECT_SYNTAX.exception("");
        }
        Token first = tokens.get(position);
        if (first.isWord("IF")) {
            position++;
            int conditionStart = position;
            int end = statementEnd(position, "IF");
            if (end == conditionStart) {
                throw SqlError.INCORRECT_SYNTAX.exception("IF").atLineOffset(first.line() - 1);
            }
            String condition = text(conditionStart, end);
            position = end;
            BatchNode then = parseOne(false);
            skipSemicolons();
            BatchNode otherwise = null;
            if (position < tokens.size() && tokens.get(position).isWord("ELSE")) {
                position++;
                otherwise = parseOne(false);
            }
            return new BatchNode.If(condition, first.line(), then, otherwise);
        }
        if (first.isWord("BEGIN") && !beginsTransactionOrTry(position)) {
            position++;
            return new BatchNode.Block(parseList(true));
        }
        if (first.isWord("BEGIN") && position + 1 < tokens.size()
                && (tokens.get(position + 1).isWord("TRY") || tokens.get(position + 1).isWord("CATCH"))) {
            throw SqlError.NOT_SUPPORTED.exception("BEGIN TRY").atLineOffset(first.line() - 1);
        }
        if (first.isWord("WHILE")) {
            throw SqlError.NOT_SUPPORTED.exception("WHILE").atLineOffset(first.line() - 1);
        }
        String leading = first.kind() == Token.Kind.WORD ? first.upper() : "";
        if (!BatchParserKeywords.isStarter(leading) && !(firstInBatch && first.kind() == Token.Kind.WORD)) {
            throw SqlError.INCORRECT_SYNTAX.exception(first.text()).atLineOffset(first.line() - 1);
        }
        int end = statementEnd(position + 1, leading);
        BatchNode.Statement statement = new BatchNode.Statement(text(position, end), first.line());
        position = end;
        return statement;
    }

    private boolean beginsTransactionOrTry(int index) {
        if (index + 1 >= tokens.size()) {
            return false;
        }
        Token next = tokens.get(index + 1);
        return next.isWord("TRAN") || next.isWord("TRANSACTION") || next.isWord("DISTRIBUTED")
                || next.isWord("TRY") || next.isWord("CATCH");
    }

    /** Index of the first token after the statement that begins before {@code from}. */
    private int statementEnd(int from, String leading) {
        int depth = 0;
        int caseDepth = 0;
        boolean mainVerbSeen = !leading.equals("WITH");
        boolean insertSourceSeen = false;
        boolean viewBodySeen = false;
        boolean createView = false;
        // after WITH cte AS (...), the main statement's own rules apply (WITH ... UPDATE t SET, INSERT ... SELECT)
        String effective = leading;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
                continue;
            }
            if (token.isSymbol(")")) {
                depth = Math.max(0, depth - 1);
                continue;
            }
            if (depth > 0) {
                continue;
            }
            if (token.isSymbol(";")) {
                return i;
            }
            if (token.kind() != Token.Kind.WORD) {
                continue;
            }
            String word = token.upper();
            if (word.equals("CASE")) {
                caseDepth++;
                continue;
            }
            if (word.equals("END")) {
                if (caseDepth > 0) {
                    caseDepth--;
                    continue;
                }
                return i;
            }
            if (word.equals("ELSE") && caseDepth == 0) {
                return i;
            }
            if (caseDepth > 0) {
                continue;
            }
            if ((leading.equals("CREATE") || leading.equals("ALTER")) && word.equals("VIEW") && i == from) {
                createView = true;
            }
            if (word.equals("VALUES") || word.equals("DEFAULT")) {
                insertSourceSeen = true;
            }
            if (!BatchParserKeywords.isStarter(word)) {
                continue;
            }
            Token previous = tokens.get(i - 1);
            String before = previous.kind() == Token.Kind.WORD ? previous.upper() : previous.text();
            if (continuesStatement(word, before, i, effective, mainVerbSeen, insertSourceSeen, createView,
                    viewBodySeen)) {
                if (leading.equals("WITH") && !mainVerbSeen && isMainVerb(word)) {
                    mainVerbSeen = true;
                    effective = word;
                    continue;
                }
                if (effective.equals("INSERT") && (word.equals("SELECT") || word.equals("EXEC")
                        || word.equals("EXECUTE") || word.equals("WITH"))) {
                    insertSourceSeen = true;
                }
                if (createView && (word.equals("SELECT") || word.equals("WITH"))) {
                    viewBodySeen = true;
                }
                continue;
            }
            return i;
        }
        return tokens.size();
    }

    private boolean continuesStatement(String word, String before, int index, String leading, boolean mainVerbSeen,
            boolean insertSourceSeen, boolean createView, boolean viewBodySeen) {
        if (leading.equals("MERGE") || leading.equals("GRANT") || leading.equals("REVOKE") || leading.equals("DENY")) {
            return true;
        }
        if (leading.equals("WITH") && !mainVerbSeen && isMainVerb(word)) {
            return true;
        }
        switch (word) {
            case "SELECT":
                if (SET_OPERATORS.contains(before)) {
                    return true;
                }
                if (leading.equals("INSERT") && !insertSourceSeen) {
                    return true;
                }
                return createView && !viewBodySeen && before.equals("AS");
            case "WITH":
                return !startsCommonTableExpression(index) || (leading.equals("INSERT") && !insertSourceSeen)
                        || (createView && !viewBodySeen);
            case "SET":
                return leading.equals("UPDATE") || leading.equals("ALTER") || before.equals("DELETE")
                        || before.equals("UPDATE");
            case "INSERT":
            case "UPDATE":
            case "DELETE":
                return before.equals("ON") || before.equals("FOR") || before.equals("AFTER") || before.equals(",")
                        || before.equals("OF") || (leading.equals("CREATE") && before.equals("INSTEAD"));
            case "EXEC":
            case "EXECUTE":
                return (leading.equals("INSERT") && !insertSourceSeen) || before.equals("WITH");
            case "DROP":
            case "ALTER":
                return leading.equals("ALTER");
            case "IF":
                return DROP_IF_TARGETS.contains(before);
            case "CREATE":
                return false;
            case "OPEN":
            case "CLOSE":
                return leading.equals("ALTER") || leading.equals("CREATE");
            default:
                return false;
        }
    }

    private static boolean isMainVerb(String word) {
        return word.equals("SELECT") || word.equals("INSERT") || word.equals("UPDATE") || word.equals("DELETE")
                || word.equals("MERGE");
    }

    /** WITH name AS ( ... or WITH name (columns) AS ( ... */
    private boolean startsCommonTableExpression(int index) {
        if (index + 2 >= tokens.size()) {
            return false;
        }
        Token name = tokens.get(index + 1);
        Token after = tokens.get(index + 2);
        boolean nameLike = name.kind() == Token.Kind.QUOTED_IDENTIFIER
                || (name.kind() == Token.Kind.WORD && !name.upper().equals("CHECK") && !name.upper().equals("TIES"));
        return nameLike && (after.isWord("AS") || after.isSymbol("("));
    }

    private void skipSemicolons() {
        while (position < tokens.size() && tokens.get(position).isSymbol(";")) {
            position++;
        }
    }

    private String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }
}
