package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 200 sessions open at once, each with its own variables, options and uncommitted rows that no other sees. */
class ConcurrencyTest {
    private static final int SESSIONS = 200;

    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @Test
    void twoHundredIsolatedSessions() throws Exception {
        try (Connection setup = fixture.connect(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE owned (session_id int, note nvarchar(40))");
        }
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Connection>> opening = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                opening.add(pool.submit(() -> fixture.connect()));
            }
            for (Future<Connection> future : opening) {
                connections.add(future.get());
            }
            List<Future<Integer>> work = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                Connection connection = connections.get(i);
                int index = i;
                work.add(pool.submit(() -> {
                    connection.setAutoCommit(false);
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO owned VALUES (@@SPID, ?)")) {
                        insert.setString(1, "session " + index);
                        insert.executeUpdate();
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET NOCOUNT ON");
                    }
                    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                            "SELECT @@SPID, count(*), max(note) FROM owned")) {
                        rows.next();
                        assertThat(rows.getInt(2)).as("only its own uncommitted row").isEqualTo(1);
                        assertThat(rows.getString(3)).isEqualTo("session " + index);
                        return rows.getInt(1);
                    }
                }));
            }
            Set<Integer> spids = new HashSet<>();
            for (Future<Integer> future : work) {
                spids.add(future.get());
            }
            assertThat(spids).hasSize(SESSIONS);
            try (Connection observer = fixture.connect(); Statement statement = observer.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM sys.dm_exec_connections")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(SESSIONS + 1);
            }
            for (Connection connection : connections) {
                connection.rollback();
                connection.close();
            }
            try (Connection observer = fixture.connect(); Statement statement = observer.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM owned")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        } finally {
            pool.shutdownNow();
            for (Connection connection : connections) {
                closeQuietly(connection);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already closed
        }
    }
}
