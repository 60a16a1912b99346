package io.sqlmi.engine.sql;

import io.sqlmi.tds.token.CurrentCommand;

/**
 * The statement families of T-SQL, decided once, by {@link BatchSplitter}, from a statement's first
 * words. The family decides where the statement ends, which handler translates it, the DONE token's
 * current command, and whether it opens an implicit transaction.
 */
public enum StatementKind {
    QUERY(CurrentCommand.SELECT, true),
    INSERT(CurrentCommand.INSERT, true),
    UPDATE(CurrentCommand.UPDATE, true),
    DELETE(CurrentCommand.DELETE, true),
    MERGE(CurrentCommand.MERGE, true),
    /** CREATE TABLE / INDEX / VIEW / SCHEMA / SEQUENCE ... (not DATABASE, not routines). */
    CREATE(CurrentCommand.GENERIC_DDL, true),
    ALTER(CurrentCommand.ALTER_TABLE, true),
    DROP(CurrentCommand.GENERIC_DDL, true),
    TRUNCATE(CurrentCommand.GENERIC_DDL, true),
    CREATE_DATABASE(CurrentCommand.CREATE_DATABASE, false),
    ALTER_DATABASE(CurrentCommand.OTHER, false),
    DROP_DATABASE(CurrentCommand.DROP_DATABASE, false),
    /** CREATE / ALTER PROCEDURE, FUNCTION, TRIGGER: the rest of the batch is their body. */
    ROUTINE(CurrentCommand.OTHER, false),
    DECLARE(CurrentCommand.OTHER, false),
    SET_VARIABLE(CurrentCommand.OTHER, false),
    SET_OPTION(CurrentCommand.OTHER, false),
    USE(CurrentCommand.OTHER, false),
    EXEC(CurrentCommand.EXECUTE, false),
    PRINT(CurrentCommand.OTHER, false),
    RAISERROR(CurrentCommand.OTHER, false),
    THROW(CurrentCommand.OTHER, false),
    WAITFOR(CurrentCommand.OTHER, false),
    RETURN(CurrentCommand.OTHER, false),
    BEGIN_TRANSACTION(CurrentCommand.OTHER, false),
    COMMIT(CurrentCommand.OTHER, false),
    ROLLBACK(CurrentCommand.OTHER, false),
    SAVE(CurrentCommand.OTHER, false),
    /** GRANT, REVOKE, DENY: accepted and ignored (one login has every right). */
    PERMISSION(CurrentCommand.OTHER, false),
    /** CHECKPOINT, RECONFIGURE, UPDATE STATISTICS: accepted, nothing to do. */
    MAINTENANCE(CurrentCommand.OTHER, false),
    /** WHILE, TRY/CATCH, cursors, bulk load, DBCC, KILL, SHUTDOWN, GOTO...: refused with 40517. */
    UNSUPPORTED(CurrentCommand.OTHER, false);

    private final int command;
    private final boolean touchesData;

    StatementKind(int command, boolean touchesData) {
        this.command = command;
        this.touchesData = touchesData;
    }

    /** The DONE token's CurCmd (MS-TDS 2.2.7.6); DDL is refined by the object it creates or drops. */
    public int command(String objectWord) {
        return switch (this) {
            case CREATE -> switch (objectWord) {
                case "TABLE" -> CurrentCommand.CREATE_TABLE;
                case "INDEX" -> CurrentCommand.CREATE_INDEX;
                case "VIEW" -> CurrentCommand.CREATE_VIEW;
                default -> CurrentCommand.GENERIC_DDL;
            };
            case DROP -> switch (objectWord) {
                case "TABLE" -> CurrentCommand.DROP_TABLE;
                case "INDEX" -> CurrentCommand.DROP_INDEX;
                case "VIEW" -> CurrentCommand.DROP_VIEW;
                default -> CurrentCommand.GENERIC_DDL;
            };
            case ALTER -> objectWord.equals("TABLE") ? CurrentCommand.ALTER_TABLE : CurrentCommand.GENERIC_DDL;
            default -> command;
        };
    }

    /** Whether the statement reads or changes data, so that IMPLICIT_TRANSACTIONS ON opens a transaction at it. */
    public boolean touchesData() {
        return touchesData;
    }

    /** DML whose DONE token carries a row count. */
    public boolean countsRows() {
        return this == INSERT || this == UPDATE || this == DELETE || this == MERGE;
    }
}
