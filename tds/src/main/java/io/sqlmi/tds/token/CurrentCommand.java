package io.sqlmi.tds.token;

/**
 * The CurCmd field of DONE tokens: which statement kind finished. mssql-jdbc takes a DONE as an
 * update count only for the DML and DDL values (mssql-jdbc StreamDone), so statements that must
 * not produce one (SET, transaction control) carry {@link #OTHER}.
 */
public final class CurrentCommand {
    public static final int OTHER = 0x00;
    public static final int SELECT = 0xC1;
    public static final int INSERT = 0xC3;
    public static final int DELETE = 0xC4;
    public static final int UPDATE = 0xC5;
    public static final int CREATE_TABLE = 0xC6;
    public static final int DROP_TABLE = 0xC7;
    public static final int CREATE_INDEX = 0xC8;
    public static final int DROP_INDEX = 0xC9;
    public static final int CREATE_DATABASE = 0xCB;
    public static final int DROP_DATABASE = 0xCC;
    public static final int CREATE_VIEW = 0xCF;
    public static final int DROP_VIEW = 0xD0;
    public static final int ALTER_TABLE = 0xD8;
    public static final int EXECUTE = 0xE0;
    public static final int MERGE = 0x117;
    /** DDL without a more precise value ("CMD_CMD" in mssql-jdbc). */
    public static final int GENERIC_DDL = 0xB6;

    private CurrentCommand() {
    }
}
