package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.errors.SqlServerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * T-SQL text as its significant tokens (no whitespace or comments), with the helpers the batch
 * splitter and the statement handlers share. Token positions are indexes into {@link #tokens()};
 * text between tokens (line breaks, comments) is kept by {@link #source(int, int)}.
 */
public final class SqlText {
    /** Words that begin a statement wherever they appear outside parentheses (WITH only when it opens a CTE). */
    static final Set<String> STATEMENT_STARTS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE",
            "ALTER", "DROP", "TRUNCATE", "DECLARE", "SET", "USE", "EXEC", "EXECUTE", "PRINT", "RAISERROR", "THROW",
            "WAITFOR", "BEGIN", "COMMIT", "ROLLBACK", "SAVE", "IF", "WHILE", "WITH", "GRANT", "REVOKE", "DENY",
            "RETURN", "BREAK", "CONTINUE", "GOTO", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "CHECKPOINT", "DBCC",
            "KILL", "SHUTDOWN", "BULK", "RECONFIGURE");

    private final String text;
    private final List<Token> tokens;

    private SqlText(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    public static SqlText of(String text) {
        List<Token> significant = new ArrayList<>();
        for (Token token : Lexer.tokenize(text)) {
            if (token.significant()) {
                significant.add(token);
            }
        }
        return new SqlText(text, List.copyOf(significant));
    }

    public String text() {
        return text;
    }

    public List<Token> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    public Token get(int index) {
        return index >= 0 && index < tokens.size() ? tokens.get(index) : null;
    }

    /** The upper-case word at {@code index}, or "" when there is no word there. */
    public String word(int index) {
        Token token = get(index);
        return token != null && token.kind() == Token.Kind.WORD ? token.upper() : "";
    }

    public boolean isWord(int index, String word) {
        Token token = get(index);
        return token != null && token.isWord(word);
    }

    public boolean isSymbol(int index, String symbol) {
        Token token = get(index);
        return token != null && token.isSymbol(symbol);
    }

    public boolean isKind(int index, Token.Kind kind) {
        Token token = get(index);
        return token != null && token.kind() == kind;
    }

    /** A plain or [bracketed] name. */
    public boolean isName(int index) {
        return isKind(index, Token.Kind.WORD) || isKind(index, Token.Kind.QUOTED_IDENTIFIER);
    }

    /** Whether the word at {@code index} begins a statement when it stands outside parentheses. */
    public boolean startsStatement(int index) {
        String word = word(index);
        if (!STATEMENT_STARTS.contains(word)) {
            return false;
        }
        return !word.equals("WITH") || opensCommonTableExpression(index);
    }

    /** WITH name AS ( or WITH name (columns) AS ( */
    public boolean opensCommonTableExpression(int index) {
        if (!isWord(index, "WITH") || !isName(index + 1)) {
            return false;
        }
        int next = index + 2;
        if (isSymbol(next, "(")) {
            next = closingParenthesis(next) + 1;
        }
        return isWord(next, "AS") && isSymbol(next + 1, "(");
    }

    /** Index of the ')' that closes the '(' at {@code open}; a syntax error when it is missing. */
    public int closingParenthesis(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (isSymbol(i, "(")) {
                depth++;
            } else if (isSymbol(i, ")") && --depth == 0) {
                return i;
            }
        }
        throw syntaxError(open);
    }

    /** [start, end) ranges between the commas of [from, to) that stand outside parentheses. */
    public List<int[]> splitOnCommas(int from, int to) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            if (isSymbol(i, "(")) {
                depth++;
            } else if (isSymbol(i, ")")) {
                depth--;
            } else if (depth == 0 && isSymbol(i, ",")) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < to) {
            parts.add(new int[] {start, to});
        }
        return parts;
    }

    /** First index in [from, to) of the word outside parentheses, or -1. */
    public int findWord(int from, int to, String word) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            if (isSymbol(i, "(")) {
                depth++;
            } else if (isSymbol(i, ")")) {
                depth--;
            } else if (depth == 0 && isWord(i, word)) {
                return i;
            }
        }
        return -1;
    }

    /** The source text of tokens [from, to), with what stands between them. */
    public String source(int from, int to) {
        if (from >= to) {
            return "";
        }
        return text.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }

    /** The text between token {@code index - 1} and token {@code index} (whitespace, comments). */
    public String gapBefore(int index) {
        if (index <= 0 || index >= tokens.size()) {
            return index <= 0 ? "" : " ";
        }
        return text.substring(tokens.get(index - 1).end(), tokens.get(index).start());
    }

    /** 102 near the token at {@code index} (or near the end), on the token's line counted from the text's first. */
    public SqlServerException syntaxError(int index) {
        Token token = get(index);
        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        String near = token != null ? token.text() : last != null ? last.text() : "";
        int line = token != null ? token.line() : last != null ? last.line() : 1;
        return SqlError.INCORRECT_SYNTAX.exception(near).atLineOffset(line - 1);
    }
}
