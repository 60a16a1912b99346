package io.sqlmi.engine.exec;

import io.sqlmi.tds.token.CurrentCommand;
import java.util.Locale;

/** The DONE token's CurCmd for a statement, from its leading words. */
final class Commands {
    private Commands() {
    }

    static int of(String statement) {
        String[] words = statement.stripLeading().split("[\\s(\\[]+", 4);
        String first = words.length > 0 ? words[0].toUpperCase(Locale.ROOT) : "";
        String second = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
        if (second.equals("UNIQUE") || second.equals("CLUSTERED") || second.equals("NONCLUSTERED")) {
            second = words.length > 2 ? words[2].toUpperCase(Locale.ROOT) : "";
        }
        return switch (first) {
            case "SELECT", "WITH" -> CurrentCommand.SELECT;
            case "INSERT" -> CurrentCommand.INSERT;
            case "UPDATE" -> CurrentCommand.UPDATE;
            case "DELETE" -> CurrentCommand.DELETE;
            case "MERGE" -> CurrentCommand.MERGE;
            case "CREATE" -> switch (second) {
                case "TABLE" -> CurrentCommand.CREATE_TABLE;
                case "INDEX" -> CurrentCommand.CREATE_INDEX;
                case "VIEW" -> CurrentCommand.CREATE_VIEW;
                case "DATABASE" -> CurrentCommand.CREATE_DATABASE;
                default -> CurrentCommand.GENERIC_DDL;
            };
            case "DROP" -> switch (second) {
                case "TABLE" -> CurrentCommand.DROP_TABLE;
                case "INDEX" -> CurrentCommand.DROP_INDEX;
                case "VIEW" -> CurrentCommand.DROP_VIEW;
                case "DATABASE" -> CurrentCommand.DROP_DATABASE;
                default -> CurrentCommand.GENERIC_DDL;
            };
            case "ALTER" -> second.equals("TABLE") ? CurrentCommand.ALTER_TABLE : CurrentCommand.GENERIC_DDL;
            case "TRUNCATE" -> CurrentCommand.GENERIC_DDL;
            default -> CurrentCommand.OTHER;
        };
    }
}
