package io.sqlmi.tds.token;

/**
 * The content of an ERROR or INFO token: SQL Server's message number, state, class (severity),
 * text, the server that raised it, the procedure (empty for batches) and the 1-based line.
 */
public record SqlMessage(int number, int state, int severity, String text, String serverName, String procName,
        int lineNumber) {

    /** Messages of class 10 and below are informational and travel as INFO tokens. */
    public boolean informational() {
        return severity <= 10;
    }
}
