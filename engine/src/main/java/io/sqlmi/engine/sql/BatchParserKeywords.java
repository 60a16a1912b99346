package io.sqlmi.engine.sql;

import java.util.Set;

/** Statement-starting keywords, shared by the parser and the translator. */
final class BatchParserKeywords {
    private static final Set<String> STARTERS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE",
            "ALTER", "DROP", "TRUNCATE", "DECLARE", "SET", "USE", "EXEC", "EXECUTE", "PRINT", "RAISERROR", "THROW",
            "WAITFOR", "BEGIN", "COMMIT", "ROLLBACK", "SAVE", "IF", "WHILE", "WITH", "GRANT", "REVOKE", "DENY",
            "RETURN", "BREAK", "CONTINUE", "GOTO", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "CHECKPOINT", "DBCC",
            "KILL", "SHUTDOWN", "BULK", "RECONFIGURE");

    private BatchParserKeywords() {
    }

    static boolean isStarter(String upperWord) {
        return STARTERS.contains(upperWord);
    }
}
