package io.sqlmi.tds.request;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.wire.ByteReader;

/**
 * A transaction manager request (packet type 0x0E, MS-TDS 2.2.6.9): how drivers such as pytds,
 * go-mssqldb and SqlClient begin, commit, roll back and save transactions without SQL text.
 */
public record TransactionRequest(AllHeaders headers, Kind kind, String name, int isolationLevel,
        boolean beginNew, String newName) {

    /** TM request types this library understands. */
    public enum Kind {
        BEGIN(5), COMMIT(7), ROLLBACK(8), SAVE(9);

        private final int wireValue;

        Kind(int wireValue) {
            this.wireValue = wireValue;
        }

        public int wireValue() {
            return wireValue;
        }
    }

    /** Isolation levels as TM_BEGIN_XACT encodes them: 0 means "keep the current one". */
    public static final int ISOLATION_UNCHANGED = 0;
    public static final int ISOLATION_READ_UNCOMMITTED = 1;
    public static final int ISOLATION_READ_COMMITTED = 2;
    public static final int ISOLATION_REPEATABLE_READ = 3;
    public static final int ISOLATION_SERIALIZABLE = 4;
    public static final int ISOLATION_SNAPSHOT = 5;

    private static final int FLAG_BEGIN_TRANSACTION = 0x01;

    public static TransactionRequest parse(byte[] payload, boolean hasAllHeaders) {
        ByteReader reader = new ByteReader(payload);
        AllHeaders headers = hasAllHeaders ? AllHeaders.read(reader) : AllHeaders.NONE;
        int type = reader.u16();
        switch (type) {
            case 5: {
                int isolation = reader.u8();
                String name = reader.hasRemaining() ? name(reader) : "";
                return new TransactionRequest(headers, Kind.BEGIN, name, isolation, false, null);
            }
            case 7:
            case 8: {
                String name = reader.hasRemaining() ? name(reader) : "";
                int flags = reader.hasRemaining() ? reader.u8() : 0;
                boolean beginNew = (flags & FLAG_BEGIN_TRANSACTION) != 0;
                int isolation = beginNew && reader.hasRemaining() ? reader.u8() : ISOLATION_UNCHANGED;
                String newName = beginNew && reader.hasRemaining() ? name(reader) : "";
                return new TransactionRequest(headers, type == 7 ? Kind.COMMIT : Kind.ROLLBACK, name, isolation,
                        beginNew, newName);
            }
            case 9:
                return new TransactionRequest(headers, Kind.SAVE, name(reader), ISOLATION_UNCHANGED, false, null);
            default:
                throw new TdsProtocolException("unsupported transaction manager request " + type);
        }
    }

    /**
     * A transaction name: one byte giving its length in bytes, then UTF-16LE (MS-TDS 2.2.6.9 "BYTELEN
     * UNICODECHAR"); an odd length is malformed.
     */
    private static String name(ByteReader reader) {
        int bytes = reader.u8();
        if (bytes % 2 != 0) {
            throw new TdsProtocolException("transaction name of " + bytes + " bytes");
        }
        return reader.utf16(bytes / 2);
    }
}
