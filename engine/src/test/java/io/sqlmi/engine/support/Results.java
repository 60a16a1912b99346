package io.sqlmi.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the client tests read back: rows as "a|b|c" text, and the check that a session still answers. */
public final class Results {
    private Results() {
    }

    /** Every row, its columns' text joined by '|' (NULL as "null"). */
    public static List<String> rows(ResultSet rows) throws SQLException {
        List<String> seen = new ArrayList<>();
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(i > 1 ? "|" : "").append(rows.getString(i));
            }
            seen.add(row.toString());
        }
        return seen;
    }

    /** The rows of a query on a new connection. */
    public static List<String> rows(EngineExtension engine, String query) throws SQLException {
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            return rows(rows);
        }
    }

    /** The session answers a query after whatever happened to it. */
    public static void assertUsable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 42")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }
}
