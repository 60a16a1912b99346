package io.sqlmi.tds;

/** The peer sent bytes that are not valid TDS, or that exceed a configured bound. */
public class TdsProtocolException extends RuntimeException {
    public TdsProtocolException(String message) {
        super(message);
    }

    public TdsProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
