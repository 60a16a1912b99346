package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.Results;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SQL errors reach the client with SQL Server's numbers, classes and lines, and the session goes on. */
class ErrorsTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE parent (id int PRIMARY KEY, name nvarchar(10) NOT NULL)");
            statement.execute("CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id))");
            statement.execute("INSERT INTO parent VALUES (1, 'one')");
        }
    }

    private static SQLServerException failure(Connection connection, String sql) {
        return catchThrowableOfType(SQLServerException.class, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                    // drain every result so that errors of later statements surface
                }
            }
        });
    }

    @Test
    void invalidObjectName208WithItsLine() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerException error = failure(connection, "SELECT 1\n\nSELECT * FROM missing_table");
            assertThat(error.getErrorCode()).isEqualTo(208);
            assertThat(error.getSQLServerError().getErrorSeverity()).isEqualTo(16);
            assertThat(error.getSQLServerError().getLineNumber()).isEqualTo(3);
            assertThat(error.getMessage()).isEqualTo("Invalid object name 'missing_table'.");
            Results.assertUsable(connection);
        }
    }

    @Test
    void duplicateKey2627() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerException error = failure(connection, "INSERT INTO parent VALUES (1, 'again')");
            assertThat(error.getErrorCode()).isEqualTo(2627);
            assertThat(error.getSQLServerError().getErrorSeverity()).isEqualTo(14);
            assertThat(error.getMessage()).startsWith("Violation of PRIMARY KEY constraint")
                    .contains("Cannot insert duplicate key in object").contains("(1)");
            Results.assertUsable(connection);
        }
    }

    @Test
    void syntaxError102WithLine() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerException error = failure(connection, "SELECT 1,\n  2 FROM parent WHERE");
            assertThat(error.getErrorCode()).isEqualTo(102);
            assertThat(error.getSQLServerError().getErrorSeverity()).isEqualTo(15);
            assertThat(error.getMessage()).startsWith("Incorrect syntax near");
            assertThat(error.getSQLServerError().getLineNumber()).isEqualTo(2);
            Results.assertUsable(connection);
        }
    }

    @Test
    void foreignKeyConflict547() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerException error = failure(connection, "INSERT INTO child VALUES (1, 99)");
            assertThat(error.getErrorCode()).isEqualTo(547);
            assertThat(error.getMessage()).startsWith("The INSERT statement conflicted with the FOREIGN KEY constraint");
            Results.assertUsable(connection);
        }
    }

    @Test
    void nullIntoNotNull515() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerException error = failure(connection, "INSERT INTO parent (id, name) VALUES (5, NULL)");
            assertThat(error.getErrorCode()).isEqualTo(515);
            assertThat(error.getMessage()).isEqualTo("Cannot insert the value NULL into column 'name', table "
                    + "'master.dbo.parent'; column does not allow nulls. INSERT fails.");
            Results.assertUsable(connection);
        }
    }

    @Test
    void statementErrorsLetTheBatchContinue() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE audit (id int PRIMARY KEY)");
            SQLServerException error = failure(connection,
                    "INSERT INTO audit VALUES (1)\nINSERT INTO audit VALUES (1)\nINSERT INTO audit VALUES (2)");
            assertThat(error.getErrorCode()).isEqualTo(2627);
            assertThat(error.getSQLServerError().getLineNumber()).isEqualTo(2);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void divideByZeroAndUndeclaredVariable() throws SQLException {
        try (Connection connection = fixture.connect()) {
            assertThat(failure(connection, "SELECT 1/0").getErrorCode()).isEqualTo(8134);
            assertThat(failure(connection, "SELECT @nothing").getErrorCode()).isEqualTo(137);
            assertThat(failure(connection, "EXEC no_such_procedure").getErrorCode()).isEqualTo(2812);
            Results.assertUsable(connection);
        }
    }

    @Test
    void raiserrorAndThrowReachTheClient() throws SQLException {
        try (Connection connection = fixture.connect()) {
            SQLServerException raised = failure(connection, "RAISERROR('custom %s %d', 16, 3, 'text', 7)");
            assertThat(raised.getErrorCode()).isEqualTo(50000);
            assertThat(raised.getMessage()).isEqualTo("custom text 7");
            assertThat(raised.getSQLServerError().getErrorState()).isEqualTo(3);
            SQLServerException thrown = failure(connection, "THROW 51000, 'thrown here', 1");
            assertThat(thrown.getErrorCode()).isEqualTo(51000);
            assertThat(thrown.getMessage()).isEqualTo("thrown here");
            Results.assertUsable(connection);
        }
    }
}
