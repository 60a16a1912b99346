package io.sqlmi.tds;

/**
 * A well-framed request that uses a protocol feature this library does not implement (a
 * table-valued parameter, a CLR type, a bulk load stream). Unlike {@link TdsProtocolException} the
 * stream is intact: a server answers with an error and keeps the connection.
 */
public class TdsUnsupportedException extends RuntimeException {
    private final String feature;

    public TdsUnsupportedException(String feature) {
        super(feature + " not supported");
        this.feature = feature;
    }

    /** What the request used, in words a user recognises ("table-valued parameters"). */
    public String feature() {
        return feature;
    }
}
