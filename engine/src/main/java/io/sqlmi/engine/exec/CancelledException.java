package io.sqlmi.engine.exec;

/** The client sent an attention: the request stops and its response ends with an acknowledgement. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled by attention", null, false, false);
    }
}
