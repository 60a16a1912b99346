package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.Results;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statement.cancel() and query timeouts send an attention; the server stops the running statement
 * and acknowledges. The queries here would run for minutes if the cancel did not reach H2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();

    @BeforeAll
    static void createSchema() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE numbers (n int PRIMARY KEY)");
            StringBuilder insert = new StringBuilder("INSERT INTO numbers VALUES (0)");
            for (int i = 1; i < 1000; i++) {
                insert.append(",(").append(i).append(')');
            }
            statement.execute(insert.toString());
        }
    }

    private static SQLException cancelWhileRunning(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(
                    () -> catchThrowableOfType(SQLException.class, () -> {
                        try (ResultSet rows = statement.executeQuery(sql)) {
                            while (rows.next()) {
                                // consume
                            }
                        }
                    }));
            Thread.sleep(500);
            statement.cancel();
            return running.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void cancelStopsAWaitfor() throws Exception {
        try (Connection connection = fixture.connect()) {
            SQLException error = cancelWhileRunning(connection, "WAITFOR DELAY '00:10:00'; SELECT 1");
            assertThat((Object) error).isNotNull();
            assertThat(error.getMessage()).containsIgnoringCase("cancel");
            Results.assertUsable(connection);
        }
    }

    @Test
    void cancelStopsALongQueryInsideH2() throws Exception {
        try (Connection connection = fixture.connect()) {
            SQLException error = cancelWhileRunning(connection,
                    "SELECT count(*) FROM numbers a CROSS JOIN numbers b CROSS JOIN numbers c WHERE a.n + b.n + c.n >= 0");
            assertThat((Object) error).isNotNull();
            assertThat(error.getMessage()).containsIgnoringCase("cancel");
            Results.assertUsable(connection);
        }
    }

    @Test
    void queryTimeoutCancels() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            SQLException error = catchThrowableOfType(SQLException.class,
                    () -> statement.executeQuery("WAITFOR DELAY '00:10:00'"));
            assertThat((Object) error).isInstanceOf(SQLTimeoutException.class);
            statement.setQueryTimeout(0);
            Results.assertUsable(connection);
        }
    }

    @Test
    void cancelOfAnIdleStatementIsHarmless() throws SQLException {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            statement.cancel();
            Results.assertUsable(connection);
        }
    }
}
