package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.TestCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine as the container runs it: a JVM started from the environment, stopped with SIGTERM.
 * Committed data is there after a restart, an open transaction is rolled back, and the process
 * says it flushed before exiting.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
    private static final Pattern READY = Pattern.compile("ready on port (\\d+)");

    private record Child(Process process, int port, Path log) {
        List<String> output() {
            try {
                return Files.readAllLines(log);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static Child startChild(Path dataDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sqlmi.engine.Main");
        Map<String, String> env = builder.environment();
        env.put("ACCEPT_EULA", "Y");
        env.put("MSSQL_SA_PASSWORD", EngineFixture.SA_PASSWORD);
        env.put("MSSQL_TCP_PORT", "0");
        env.put("SQLMI_HEALTH_PORT", "0");
        env.put("SQLMI_DATA_DIR", dataDir.toString());
        env.put("SQLMI_INSTANCE_NAME", "child");
        env.put("SQLMI_TLS_CERT_FILE", TestCertificate.certFile().toString());
        env.put("SQLMI_TLS_KEY_FILE", TestCertificate.keyFile().toString());
        builder.redirectErrorStream(true);
        Path log = Files.createTempFile(dataDir, "engine", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        int port = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (port < 0 && process.isAlive() && System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                port = Integer.parseInt(ready.group(1));
            } else {
                Thread.sleep(50);
            }
        }
        List<String> output = Files.readAllLines(log);
        assertThat(port).as("engine output: %s", output).isPositive();
        return new Child(process, port, log);
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + port + ";encrypt=false", "sa",
                EngineFixture.SA_PASSWORD);
    }

    @Test
    void sigtermFlushesCommittedDataAndRollsBackTheRest() throws Exception {
        Path dataDir = Files.createTempDirectory("sqlmi-sigterm");
        Child first = startChild(dataDir);
        assertThat(first.output()).anyMatch(line -> line.contains("MSSQL_TCP_PORT"))
                .anyMatch(line -> line.contains("SQLMI_DATA_DIR") && line.contains(dataDir.toString()))
                .anyMatch(line -> line.contains("SQLMI_HEALTH_PORT"));
        Connection open = connect(first.port());
        try (Statement statement = open.createStatement()) {
            statement.execute("CREATE TABLE ledger (id int PRIMARY KEY, note nvarchar(20))");
            for (int i = 0; i < 100; i++) {
                statement.execute("INSERT INTO ledger VALUES (" + i + ", N'row " + i + "')");
            }
            statement.execute("BEGIN TRAN; INSERT INTO ledger VALUES (1000, N'uncommitted')");
        }
        first.process().destroy();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.output()).anyMatch(line -> line.contains("stopped, data flushed"));
        open.close();

        Child second = startChild(dataDir);
        try (Connection connection = connect(second.port()); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), max(id) FROM ledger")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(100);
            assertThat(rows.getInt(2)).isEqualTo(99);
        } finally {
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL, as the OOM killer or a node's crash would stop it: what was committed is on disk already. */
    @Test
    void sigkillLosesNoCommittedRow() throws Exception {
        Path dataDir = Files.createTempDirectory("sqlmi-sigkill");
        Child first = startChild(dataDir);
        try (Connection connection = connect(first.port()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE Kept");
            statement.execute("USE Kept");
            statement.execute("CREATE TABLE ledger (id int PRIMARY KEY, note nvarchar(20))");
            for (int i = 0; i < 20; i++) {
                statement.execute("INSERT INTO ledger VALUES (" + i + ", N'row " + i + "')");
            }
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        Child second = startChild(dataDir);
        try (Connection connection = connect(second.port()); Statement statement = connection.createStatement()) {
            statement.execute("USE Kept");
            try (ResultSet rows = statement.executeQuery("SELECT count(*), max(id) FROM ledger")) {
                rows.next();
                assertThat(rows.getInt(1)).as("rows committed before the kill").isEqualTo(20);
                assertThat(rows.getInt(2)).isEqualTo(19);
            }
        } finally {
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The image's build records its class-data sharing archive with this run (engine/Dockerfile). */
    @Test
    void trainingRunStartsServesOneLoginAndExits() throws Exception {
        Path dataDir = Files.createTempDirectory("sqlmi-training");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sqlmi.engine.Main", "--training-run");
        Map<String, String> env = builder.environment();
        env.put("ACCEPT_EULA", "Y");
        env.put("MSSQL_SA_PASSWORD", EngineFixture.SA_PASSWORD);
        env.put("MSSQL_TCP_PORT", "0");
        env.put("SQLMI_HEALTH_PORT", "0");
        env.put("SQLMI_DATA_DIR", dataDir.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SQLMI_DATA_DIR").contains("training run done");
    }

    @Test
    void refusesToStartWithoutAcceptEula() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sqlmi.engine.Main");
        builder.environment().remove("ACCEPT_EULA");
        builder.environment().put("MSSQL_SA_PASSWORD", EngineFixture.SA_PASSWORD);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("ACCEPT_EULA=Y");
    }
}
