package io.sqlmi.tds.types;

/** The 5-byte TDS collation (MS-TDS 2.2.5.1.2). */
public final class Collation {
    /** SQL_Latin1_General_CP1_CI_AS: LCID 0x0409, flags 0xD0 (case-insensitive etc.), sort id 52. */
    public static final byte[] SQL_LATIN1_GENERAL_CP1_CI_AS = {0x09, 0x04, (byte) 0xD0, 0x00, 0x34};

    private Collation() {
    }

    public static byte[] defaultCollation() {
        return SQL_LATIN1_GENERAL_CP1_CI_AS.clone();
    }
}
