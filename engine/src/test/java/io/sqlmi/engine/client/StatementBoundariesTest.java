package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, defects 1 and 2: T-SQL needs no separator between statements, so where one statement
 * ends is decided by what can continue it. No statement of a batch may vanish or be cut in two,
 * whatever keyword follows it; a statement the engine cannot place is an error, never dropped.
 */
class StatementBoundariesTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeEach
    void freshTable() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS t; CREATE TABLE t (id int IDENTITY(1,1) PRIMARY KEY, v nvarchar(10))");
        }
    }

    private static List<String> values(Connection connection) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM t ORDER BY id")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Every result of a batch: update counts as "count:n", result sets as "rows:n". */
    private static List<String> results(Statement statement, String batch) throws SQLException {
        List<String> seen = new ArrayList<>();
        boolean isResultSet = statement.execute(batch);
        while (true) {
            if (isResultSet) {
                int rows = 0;
                try (ResultSet set = statement.getResultSet()) {
                    while (set.next()) {
                        rows++;
                    }
                }
                seen.add("rows:" + rows);
            } else if (statement.getUpdateCount() == -1) {
                return seen;
            } else {
                seen.add("count:" + statement.getUpdateCount());
            }
            isResultSet = statement.getMoreResults();
        }
    }

    @Test
    void setOptionOnFollowedByInsertsRunsEveryStatementAndAppliesTheOption() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            List<String> seen = results(statement,
                    "SET NOCOUNT ON\nINSERT INTO t (v) VALUES (N'a')\nINSERT INTO t (v) VALUES (N'b')");
            assertThat(values(connection)).containsExactly("a", "b");
            assertThat(seen).as("NOCOUNT ON drops the counts").isEmpty();
        }
    }

    /** Each of these options ends at its value; the next statement starts with a keyword it could be mistaken to own. */
    @ParameterizedTest
    @ValueSource(strings = {"SET XACT_ABORT ON", "SET ANSI_NULLS ON", "SET QUOTED_IDENTIFIER OFF",
        "SET ANSI_WARNINGS, ANSI_PADDING ON", "SET LOCK_TIMEOUT 5000", "SET DATEFORMAT ymd", "SET TEXTSIZE 2147483647",
        "SET LANGUAGE us_english", "SET DEADLOCK_PRIORITY LOW", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET IMPLICIT_TRANSACTIONS OFF", "SET ARITHABORT ON", "SET CONCAT_NULL_YIELDS_NULL ON",
        "SET NUMERIC_ROUNDABORT OFF", "SET STATISTICS IO OFF", "SET ROWCOUNT 0", "DECLARE @x int = 1",
        "USE master", "BEGIN TRAN", "BEGIN TRANSACTION named", "BEGIN TRAN; ROLLBACK", "PRINT N'hello'",
        "WAITFOR DELAY '00:00:00'", "SELECT 1", "SELECT 1 UNION ALL SELECT 2",
        "UPDATE t SET v = N'u' WHERE id = 0", "DELETE FROM t WHERE id = 0", "TRUNCATE TABLE t",
        "GRANT SELECT ON t TO public", "EXEC sp_unprepare 0"})
    void noStatementAfterAnotherVanishes(String first) throws SQLException {
        String commit = first.startsWith("BEGIN") && !first.contains("ROLLBACK") ? "\nCOMMIT" : "";
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            String batch = first + "\nINSERT INTO t (v) VALUES (N'a')\nDELETE FROM t WHERE v = N'none'"
                    + "\nUPDATE t SET v = v WHERE 1 = 0\nINSERT INTO t (v) VALUES (N'b')" + commit;
            try {
                results(statement, batch);
            } catch (SQLServerException e) {
                // sp_unprepare of a handle that does not exist fails alone; the batch goes on
                assertThat(e.getErrorCode()).isEqualTo(8179);
                while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                    // drain
                }
            }
            assertThat(values(connection)).containsExactly("a", "b");
        }
    }

    @Test
    void updateOwnsOnlyItsFirstSet() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t (v) VALUES (N'a')");
            List<String> seen = results(statement, "UPDATE t SET v = N'x' SET NOCOUNT ON UPDATE t SET v = N'y'");
            assertThat(seen).as("the first UPDATE counts, the second runs under NOCOUNT").containsExactly("count:1");
            assertThat(values(connection)).containsExactly("y");
        }
    }

    @Test
    void offsetFetchIsOneStatement() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t (v) VALUES ('1'), ('2'), ('3'), ('4'), ('5'), ('6'), ('7')");
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT id FROM t ORDER BY id OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY")) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
            assertThat(ids).containsExactly(3, 4, 5);
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
        }
    }

    /** Hibernate's SQL Server dialect pages with parameters. */
    @Test
    void offsetFetchWithParametersIsOneStatement() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t (v) VALUES ('1'), ('2'), ('3'), ('4'), ('5')");
            try (PreparedStatement page = connection.prepareStatement(
                    "select id from t order by id offset ? rows fetch first ? row only")) {
                page.setInt(1, 3);
                page.setInt(2, 1);
                try (ResultSet rows = page.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(4);
                    assertThat(rows.next()).isFalse();
                }
            }
        }
    }

    @Test
    void mergeWithoutSemicolonIsRefusedNotSwallowed() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            SQLServerException error = catchThrowableOfType(SQLServerException.class, () -> statement.execute(
                    "MERGE t AS target USING (SELECT 1 AS id) AS source ON target.id = source.id "
                            + "WHEN NOT MATCHED THEN INSERT (v) VALUES (N'm')\nINSERT INTO t (v) VALUES (N'lost?')"));
            assertThat(error.getErrorCode()).isEqualTo(10713);
            assertThat(values(connection)).isEmpty();
            statement.execute("MERGE t AS target USING (SELECT 1 AS id) AS source ON target.id = source.id "
                    + "WHEN NOT MATCHED THEN INSERT (v) VALUES (N'm');\nINSERT INTO t (v) VALUES (N'after')");
            assertThat(values(connection)).containsExactly("m", "after");
        }
    }

    @Test
    void aStatementWithTrailingWordsIsAnErrorNotPartlyRun() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            SQLServerException error = catchThrowableOfType(SQLServerException.class,
                    () -> statement.execute("SET NOCOUNT ON OFF"));
            assertThat(error.getErrorCode()).isEqualTo(102);
        }
    }
}
