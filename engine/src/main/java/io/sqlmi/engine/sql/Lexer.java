package io.sqlmi.engine.sql;

import io.sqlmi.engine.errors.SqlError;
import java.util.ArrayList;
import java.util.List;

/** Splits T-SQL text into tokens; keeps whitespace and comments so that line numbers and text survive. */
public final class Lexer {
    private Lexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int length = sql.length();
        int i = 0;
        int line = 1;
        while (i < length) {
            char c = sql.charAt(i);
            int start = i;
            int startLine = line;
            Token.Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < length && Character.isWhitespace(sql.charAt(i))) {
                    if (sql.charAt(i) == '\n') {
                        line++;
                    }
                    i++;
                }
                kind = Token.Kind.WHITESPACE;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                while (i < length && sql.charAt(i) != '\n') {
                    i++;
                }
                kind = Token.Kind.COMMENT;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        if (sql.charAt(i) == '\n') {
                            line++;
                        }
                        i++;
                    }
                } while (depth > 0 && i < length);
                if (depth > 0) {
                    throw SqlError.INCORRECT_SYNTAX.exception("/*").atLineOffset(startLine - 1);
                }
                kind = Token.Kind.COMMENT;
            } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < length && sql.charAt(i + 1) == '\'')) {
                i += c == '\'' ? 1 : 2;
                while (true) {
                    if (i >= length) {
                        throw SqlError.INCORRECT_SYNTAX.exception(sql.substring(start, Math.min(length, start + 20)))
                                .atLineOffset(startLine - 1);
                    }
                    char d = sql.charAt(i);
                    if (d == '\n') {
                        line++;
                    }
                    if (d == '\'') {
                        if (i + 1 < length && sql.charAt(i + 1) == '\'') {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                kind = Token.Kind.STRING;
            } else if (c == '[' || c == '"') {
                char close = c == '[' ? ']' : '"';
                i++;
                while (true) {
                    if (i >= length) {
                        throw SqlError.INCORRECT_SYNTAX.exception(sql.substring(start, Math.min(length, start + 20)))
                                .atLineOffset(startLine - 1);
                    }
                    if (sql.charAt(i) == close) {
                        if (i + 1 < length && sql.charAt(i + 1) == close) {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (sql.charAt(i) == '\n') {
                        line++;
                    }
                    i++;
                }
                kind = Token.Kind.QUOTED_IDENTIFIER;
            } else if (c == '@') {
                boolean global = i + 1 < length && sql.charAt(i + 1) == '@';
                i += global ? 2 : 1;
                while (i < length && isWordPart(sql.charAt(i))) {
                    i++;
                }
                kind = global ? Token.Kind.GLOBAL_VARIABLE : Token.Kind.VARIABLE;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < length && Character.isDigit(sql.charAt(i + 1)))) {
                if (c == '0' && i + 1 < length && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
                    i += 2;
                    while (i < length && Character.digit(sql.charAt(i), 16) >= 0) {
                        i++;
                    }
                } else {
                    while (i < length && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                        i++;
                    }
                    if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                        int exponent = i + 1;
                        if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                            exponent++;
                        }
                        if (exponent < length && Character.isDigit(sql.charAt(exponent))) {
                            i = exponent;
                            while (i < length && Character.isDigit(sql.charAt(i))) {
                                i++;
                            }
                        }
                    }
                }
                kind = Token.Kind.NUMBER;
            } else if (isWordStart(c)) {
                while (i < length && isWordPart(sql.charAt(i))) {
                    i++;
                }
                kind = Token.Kind.WORD;
            } else {
                i++;
                if (i < length) {
                    String pair = sql.substring(start, i + 1);
                    if (pair.equals("<=") || pair.equals(">=") || pair.equals("<>") || pair.equals("!=")
                            || pair.equals("+=") || pair.equals("-=") || pair.equals("*=") || pair.equals("/=")
                            || pair.equals("::")) {
                        i++;
                    }
                }
                kind = Token.Kind.SYMBOL;
            }
            tokens.add(new Token(kind, sql.substring(start, i), start, i, startLine));
        }
        return tokens;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '#';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '#' || c == '$';
    }
}
