package io.sqlmi.tds.token;

/**
 * ENVCHANGE types (MS-TDS 2.2.7.9). mssql-jdbc rejects types it does not know, so only these are
 * ever sent (tds-protocol.md section 5).
 */
public final class EnvChangeType {
    public static final int DATABASE = 1;
    public static final int LANGUAGE = 2;
    public static final int CHARSET = 3;
    public static final int PACKET_SIZE = 4;
    public static final int SQL_COLLATION = 7;
    public static final int BEGIN_TRANSACTION = 8;
    public static final int COMMIT_TRANSACTION = 9;
    public static final int ROLLBACK_TRANSACTION = 10;
    public static final int ENLIST_DTC_TRANSACTION = 11;
    public static final int DEFECT_TRANSACTION = 12;
    public static final int DATABASE_MIRRORING_PARTNER = 13;
    public static final int RESET_CONNECTION_ACK = 18;
    public static final int ROUTING = 20;

    private EnvChangeType() {
    }
}
