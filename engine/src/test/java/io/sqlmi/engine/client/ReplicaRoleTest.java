package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine contract's replica role (SQLMI_REPLICA_ROLE): a Business Critical readable secondary
 * reports its databases READ_ONLY and refuses every write with SQL Server's 3906, and the session
 * goes on; the primary is READ_WRITE.
 */
class ReplicaRoleTest {
    @RegisterExtension
    static final EngineExtension secondary = EngineExtension.withEnvironment(Map.of("SQLMI_REPLICA_ROLE", "Secondary"));
    @RegisterExtension
    static final EngineExtension primary = EngineExtension.withEnvironment(Map.of("SQLMI_REPLICA_ROLE", "Primary"));

    private static String updateability(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT DATABASEPROPERTYEX(DB_NAME(), 'Updateability')")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void aSecondaryIsReadOnlyAndThePrimaryReadWrite() throws SQLException {
        try (Connection connection = secondary.connect()) {
            assertThat(updateability(connection)).isEqualTo("READ_ONLY");
        }
        try (Connection connection = primary.connect(); Statement statement = connection.createStatement()) {
            assertThat(updateability(connection)).isEqualTo("READ_WRITE");
            statement.execute("CREATE TABLE written (id int)");
            assertThat(statement.executeUpdate("INSERT INTO written VALUES (1)")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t (id int)", "INSERT INTO sys_probe VALUES (1)", "UPDATE sys_probe SET id = 2",
        "DELETE FROM sys_probe", "DROP TABLE sys_probe", "ALTER TABLE sys_probe ADD c int", "TRUNCATE TABLE sys_probe",
        "CREATE INDEX ix ON sys_probe (id)", "CREATE VIEW v AS SELECT 1 AS n", "CREATE SCHEMA s",
        "MERGE sys_probe AS t USING (SELECT 1 AS id) AS s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (1);",
        "CREATE DATABASE other", "DROP DATABASE IF EXISTS other"})
    void everyWriteOnASecondaryFailsWith3906AndTheSessionGoesOn(String write) throws SQLException {
        try (Connection connection = secondary.connect(); Statement statement = connection.createStatement()) {
            SQLServerException error = catchThrowableOfType(SQLServerException.class, () -> statement.execute(write));
            assertThat(error.getErrorCode()).as(write).isEqualTo(3906);
            assertThat(error.getSQLServerError().getErrorSeverity()).isEqualTo(16);
            assertThat(error.getMessage())
                    .isEqualTo("Failed to update database \"master\" because the database is read-only.");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sys.tables")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    @Test
    void parametersAndTransactionsDoNotWritePastTheCheck() throws SQLException {
        try (Connection connection = secondary.connect()) {
            connection.setAutoCommit(false);
            try (var insert = connection.prepareStatement("INSERT INTO anything (id) VALUES (?)")) {
                insert.setInt(1, 1);
                SQLServerException error = catchThrowableOfType(SQLServerException.class, insert::executeUpdate);
                assertThat(error.getErrorCode()).isEqualTo(3906);
            }
            connection.rollback();
            assertThat(connection.isValid(2)).isTrue();
        }
    }
}
