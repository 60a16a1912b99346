package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions through T-SQL and through the JDBC API (which mssql-jdbc turns into IMPLICIT_TRANSACTIONS and COMMIT/ROLLBACK batches). */
class TransactionsTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)");
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM accounts");
        }
    }

    private static int count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM accounts")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int tranCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@TRANCOUNT")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void sqlCommitMakesRowsVisibleToOthers() throws SQLException {
        try (Connection writer = fixture.connect(); Connection reader = fixture.connect();
             Statement statement = writer.createStatement()) {
            statement.execute("BEGIN TRANSACTION; INSERT INTO accounts VALUES (1, 10)");
            assertThat(tranCount(writer)).isEqualTo(1);
            assertThat(count(reader)).isZero();
            statement.execute("COMMIT TRANSACTION");
            assertThat(tranCount(writer)).isZero();
            assertThat(count(reader)).isEqualTo(1);
        }
    }

    @Test
    void sqlRollbackUndoesAndNestingCounts() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRAN outer_tx\nBEGIN TRAN\nINSERT INTO accounts VALUES (1, 10)");
            assertThat(tranCount(connection)).isEqualTo(2);
            statement.execute("COMMIT");
            assertThat(tranCount(connection)).isEqualTo(1);
            statement.execute("ROLLBACK");
            assertThat(tranCount(connection)).isZero();
            assertThat(count(connection)).isZero();
        }
    }

    @Test
    void savepointRollsBackPart() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRAN; INSERT INTO accounts VALUES (1, 10); SAVE TRAN half; "
                    + "INSERT INTO accounts VALUES (2, 20); ROLLBACK TRAN half; COMMIT");
            assertThat(count(connection)).isEqualTo(1);
        }
    }

    @Test
    void commitWithoutBeginIs3902() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("COMMIT"))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(3902));
        }
    }

    @Test
    void jdbcAutoCommitOffCommitAndRollback() throws SQLException {
        try (Connection connection = fixture.connect(); Connection other = fixture.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO accounts VALUES (1, 10)");
                assertThat(tranCount(connection)).isEqualTo(1);
                assertThat(count(other)).isZero();
                connection.commit();
                assertThat(count(other)).isEqualTo(1);
                statement.executeUpdate("INSERT INTO accounts VALUES (2, 20)");
                connection.rollback();
                assertThat(count(connection)).isEqualTo(1);
                Savepoint savepoint = connection.setSavepoint("sp1");
                statement.executeUpdate("INSERT INTO accounts VALUES (3, 30)");
                connection.rollback(savepoint);
                connection.commit();
            }
            connection.setAutoCommit(true);
            assertThat(count(other)).isEqualTo(1);
            assertThat(tranCount(connection)).isZero();
        }
    }

    @Test
    void errorInsideTransactionKeepsItOpen() throws SQLException {
        try (Connection connection = fixture.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO accounts VALUES (1, 10)");
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO accounts VALUES (1, 11)"))
                        .isInstanceOf(SQLException.class);
                statement.executeUpdate("INSERT INTO accounts VALUES (2, 20)");
                connection.commit();
            }
            assertThat(count(connection)).isEqualTo(2);
        }
    }

    @Test
    void isolationLevelsAreAccepted() throws SQLException {
        int[] levels = {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
            Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE};
        try (Connection connection = fixture.connect()) {
            for (int level : levels) {
                connection.setTransactionIsolation(level);
                assertThat(connection.getTransactionIsolation()).isEqualTo(level);
                assertThat(count(connection)).isZero();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
        }
    }
}
