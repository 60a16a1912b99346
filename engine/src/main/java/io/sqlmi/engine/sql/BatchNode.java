package io.sqlmi.engine.sql;

import java.util.List;

/** A parsed batch element: a statement, an IF with its branches, or a BEGIN...END block. */
public sealed interface BatchNode {
    /** One statement's text as written, its family, and the batch line it starts on (1-based). */
    record Statement(StatementKind kind, String text, int line) implements BatchNode {
    }

    record If(String condition, int line, BatchNode then, BatchNode otherwise) implements BatchNode {
    }

    record Block(List<BatchNode> body) implements BatchNode {
    }
}
