package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.RecordingSocketFactory;
import io.sqlmi.gateway.support.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mi2's VNet-local host is Proxy: the gateway logs the client in to the engine and relays the session. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProxyTest {
    private static GatewayFixture gateway;
    private static TestEngine mi2;

    @BeforeAll
    static void start() throws SQLException {
        gateway = GatewayFixture.start();
        mi2 = gateway.cluster().primary("mi2");
        try (Connection connection = gateway.connect("mi2", ""); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE proxytest");
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theSessionReachesTheEngineWithTheClientsLoginDatabaseAndApplication() throws Exception {
        RecordingSocketFactory.reset();
        int spid;
        try (Connection connection = gateway.connect("mi2", "databaseName=proxytest;applicationName=proxy-app;"
                + "packetSize=16384;" + RecordingSocketFactory.property());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME, DB_NAME(), APP_NAME(), SUSER_SNAME(), "
                        + "@@SPID")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("mi2");
            assertThat(rows.getString(2)).isEqualTo("proxytest");
            assertThat(rows.getString(3)).isEqualTo("proxy-app");
            assertThat(rows.getString(4)).isEqualTo("sa");
            spid = rows.getInt(5);
            assertThat(RecordingSocketFactory.ports()).as("the client talks to the gateway only")
                    .containsExactly(gateway.tdsPort());
            assertThat(mi2.hasSession(spid)).as("the gateway's own session to the engine").isTrue();
            assertThat(gateway.gateway().metrics().sessionsOpen.value("mi2", "sqlmi-subnet-a", "VNetLocal")).isEqualTo(1);
        }
        GatewayFixture.await(() -> gateway.gateway().metrics().sessionsOpen.value("mi2", "sqlmi-subnet-a",
                "VNetLocal") == 0, "the relay to end with the client's connection");
        GatewayFixture.await(() -> !mi2.hasSession(spid), "the engine session to end with the client's connection");
    }

    @Test
    void aWrongPasswordGetsTheEngines18456Relayed() {
        assertThatThrownBy(() -> DriverManager.getConnection(GatewayFixture.url(vnetLocal("mi2"),
                gateway.tdsPort(), ""), "sa", "Wrong-Passw0rd"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(18456));
        assertThat(gateway.gateway().metrics().logins.value("mi2", "sqlmi-subnet-a", "VNetLocal", "engine_refused"))
                .isPositive();
    }

    @Test
    void anAttentionCancelsTheRunningStatementAndTheSessionGoesOn() throws Exception {
        try (Connection connection = gateway.connect("mi2", ""); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> statement.execute("WAITFOR DELAY '00:00:20'"))
                    .isInstanceOf(SQLTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            statement.setQueryTimeout(0);
            try (ResultSet rows = statement.executeQuery("SELECT 42")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
            ExecutorService canceller = Executors.newSingleThreadExecutor();
            try {
                canceller.submit(() -> {
                    Thread.sleep(500);
                    statement.cancel();
                    return null;
                });
                assertThatThrownBy(() -> statement.execute("WAITFOR DELAY '00:00:20'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("cancel");
            } finally {
                canceller.shutdownNow();
            }
            try (ResultSet rows = statement.executeQuery("SELECT 43")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(43);
            }
        }
    }

    @Test
    void severalResultSetsOfOneBatchAllArrive() throws Exception {
        try (Connection connection = gateway.connect("mi2", ""); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1 AS a; SELECT 2 AS b UNION ALL SELECT 3; SELECT 'x' AS c")).isTrue();
            List<String> seen = new ArrayList<>();
            do {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        seen.add(rows.getString(1));
                    }
                }
            } while (statement.getMoreResults());
            assertThat(seen).containsExactly("1", "2", "3", "x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"encrypt=false", "encrypt=true", "encrypt=strict"})
    void valuesOf100KbAndMoreTravelBothWays(String encryption) throws Exception {
        byte[] blob = new byte[300 * 1024];
        new Random(11).nextBytes(blob);
        String text = "ü".repeat(120 * 1024);
        try (Connection connection = gateway.connect("mi2", encryption + ";databaseName=proxytest");
                Statement statement = connection.createStatement()) {
            String table = "big_" + encryption.substring(8);
            statement.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, b varbinary(max), t nvarchar(max))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
                for (int id = 0; id < 3; id++) {
                    insert.setInt(1, id);
                    insert.setBytes(2, blob);
                    insert.setString(3, text);
                    insert.executeUpdate();
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT b, t FROM " + table + " ORDER BY id")) {
                int count = 0;
                while (rows.next()) {
                    assertThat(rows.getBytes(1)).isEqualTo(blob);
                    assertThat(rows.getString(2)).isEqualTo(text);
                    count++;
                }
                assertThat(count).isEqualTo(3);
            }
        }
    }

    @Test
    void aSessionIdleForSecondsStaysUsable() throws Exception {
        try (Connection connection = gateway.connect("mi2", "encrypt=true")) {
            for (int pause = 0; pause < 2; pause++) {
                Thread.sleep(4000);
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME")) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo("mi2");
                }
            }
        }
    }

    @Test
    void concurrentSessionsNeverSeeEachOthersData() throws Exception {
        String[] modes = {"encrypt=false", "encrypt=true", "encrypt=strict"};
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int worker = 0; worker < 12; worker++) {
                int id = worker;
                results.add(pool.submit(() -> {
                    Random random = new Random(id);
                    int checked = 0;
                    try (Connection connection = gateway.connect(id % 2 == 0 ? "mi2" : "mi1", modes[id % 3]);
                            PreparedStatement echo = connection.prepareStatement("SELECT ?, ?, @@SPID")) {
                        for (int i = 0; i < 25; i++) {
                            byte[] value = new byte[1 + random.nextInt(70_000)];
                            random.nextBytes(value);
                            echo.setInt(1, id * 1000 + i);
                            echo.setBytes(2, value);
                            try (ResultSet rows = echo.executeQuery()) {
                                rows.next();
                                assertThat(rows.getInt(1)).isEqualTo(id * 1000 + i);
                                assertThat(Arrays.equals(rows.getBytes(2), value)).isTrue();
                                checked++;
                            }
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(25);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
