package io.sqlmi.engine.sql;

import java.util.Locale;

/** A lexical token of T-SQL, with its place in the source so that text can be cut and rebuilt. */
public record Token(Kind kind, String text, int start, int end, int line) {
    public enum Kind {
        WORD, QUOTED_IDENTIFIER, STRING, NUMBER, VARIABLE, GLOBAL_VARIABLE, SYMBOL, WHITESPACE, COMMENT
    }

    public boolean significant() {
        return kind != Kind.WHITESPACE && kind != Kind.COMMENT;
    }

    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    /** Identifier text without [brackets] or "quotes". */
    public String identifier() {
        if (kind == Kind.QUOTED_IDENTIFIER && text.length() >= 2) {
            String inner = text.substring(1, text.length() - 1);
            return text.charAt(0) == '[' ? inner.replace("]]", "]") : inner.replace("\"\"", "\"");
        }
        return text;
    }

    /** The value of a 'string' or N'string' literal. */
    public String stringValue() {
        String body = text.startsWith("N") || text.startsWith("n") ? text.substring(1) : text;
        return body.substring(1, body.length() - 1).replace("''", "'");
    }
}
