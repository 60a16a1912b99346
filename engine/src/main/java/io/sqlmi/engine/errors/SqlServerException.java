package io.sqlmi.engine.errors;

/** An error to report to the client as an ERROR token, with SQL Server's number, class and state. */
public class SqlServerException extends RuntimeException {
    private final int number;
    private final int severity;
    private final int state;
    private final boolean abortsBatch;
    private int lineOffset;

    public SqlServerException(int number, int severity, int state, String message, boolean abortsBatch,
            Throwable cause) {
        super(message, cause);
        this.number = number;
        this.severity = severity;
        this.state = state;
        this.abortsBatch = abortsBatch;
    }

    public int number() {
        return number;
    }

    public int severity() {
        return severity;
    }

    public int state() {
        return state;
    }

    /** Statement-terminating errors let the batch go on; batch-aborting ones (syntax, missing objects) stop it. */
    public boolean abortsBatch() {
        return abortsBatch;
    }

    /** Lines into the statement where the error was found (0: its first line). */
    public int lineOffset() {
        return lineOffset;
    }

    public SqlServerException atLineOffset(int offset) {
        this.lineOffset = offset;
        return this;
    }
}
