package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batches of several statements without GO: one result (set or count) per statement, in order. */
class MultipleResultsTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() {    }

    @Test
    void resultSetsAndCountsInOrder() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute("CREATE TABLE notes (id int, body nvarchar(20))\n"
                    + "INSERT INTO notes VALUES (1, 'a'), (2, 'b')\n"
                    + "SELECT id FROM notes ORDER BY id; SELECT TOP 1 body FROM notes ORDER BY id DESC\n"
                    + "UPDATE notes SET body = 'c' WHERE id = 1 SELECT @@ROWCOUNT");
            List<String> seen = new ArrayList<>();
            while (true) {
                if (isResultSet) {
                    try (ResultSet rows = statement.getResultSet()) {
                        StringBuilder values = new StringBuilder("rows:");
                        while (rows.next()) {
                            values.append(rows.getString(1)).append(',');
                        }
                        seen.add(values.toString());
                    }
                } else {
                    int count = statement.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    seen.add("count:" + count);
                }
                isResultSet = statement.getMoreResults();
            }
            assertThat(seen).containsExactly("count:0", "count:2", "rows:1,2,", "rows:b,", "count:1", "rows:1,");
        }
    }

    @Test
    void declareIfAndPrint() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute("DECLARE @n int = 5, @label nvarchar(10)\n"
                    + "SET @n += 1\n"
                    + "SELECT @label = N'six'\n"
                    + "IF @n = 6 BEGIN PRINT 'branch taken' END ELSE PRINT 'wrong branch'\n"
                    + "SELECT @n, @label");
            List<String> messages = new ArrayList<>();
            for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                messages.add(warning.getMessage());
            }
            while (!isResultSet && statement.getUpdateCount() != -1) {
                isResultSet = statement.getMoreResults();
            }
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(6);
                assertThat(rows.getString(2)).isEqualTo("six");
            }
            for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                messages.add(warning.getMessage());
            }
            assertThat(messages).contains("branch taken").doesNotContain("wrong branch");
        }
    }

    @Test
    void setNocountHidesRowCounts() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE quiet (id int)");
            statement.execute("SET NOCOUNT ON");
            assertThat(statement.executeUpdate("INSERT INTO quiet VALUES (1)")).isEqualTo(-1);
            statement.execute("SET NOCOUNT OFF");
            assertThat(statement.executeUpdate("INSERT INTO quiet VALUES (2)")).isEqualTo(1);
        }
    }
}
