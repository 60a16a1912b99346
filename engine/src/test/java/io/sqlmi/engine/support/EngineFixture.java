package io.sqlmi.engine.support;

import io.sqlmi.engine.config.EngineConfig;
import io.sqlmi.engine.server.SqlEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** A real engine on free ports over a fresh data directory, and mssql-jdbc connections to it. */
public final class EngineFixture implements AutoCloseable {
    public static final String SA_PASSWORD = "Sqlmi-Test-1";
    public static final String INSTANCE = "mi-test";

    private final Path dataDir;
    private final Map<String, String> env;
    private SqlEngine engine;

    private EngineFixture(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = env;
    }

    public static EngineFixture start() {
        return start(Map.of());
    }

    public static EngineFixture start(Map<String, String> overrides) {
        try {
            return start(Files.createTempDirectory("sqlmi-engine-test"), overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EngineFixture start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(EngineConfig.ACCEPT_EULA, "Y");
        env.put(EngineConfig.MSSQL_SA_PASSWORD, SA_PASSWORD);
        env.put(EngineConfig.MSSQL_TCP_PORT, "0");
        env.put(EngineConfig.SQLMI_HEALTH_PORT, "0");
        env.put(EngineConfig.SQLMI_INSTANCE_NAME, INSTANCE);
        env.put(EngineConfig.SQLMI_DATA_DIR, dataDir.toString());
        env.put(EngineConfig.SQLMI_TLS_CERT_FILE, TestCertificate.certFile().toString());
        env.put(EngineConfig.SQLMI_TLS_KEY_FILE, TestCertificate.keyFile().toString());
        env.putAll(overrides);
        EngineFixture fixture = new EngineFixture(dataDir, env);
        fixture.startEngine();
        return fixture;
    }

    private void startEngine() {
        try {
            engine = SqlEngine.start(EngineConfig.fromEnvironment(env));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops and starts the engine on the same data directory (new ports). */
    public void restart() {
        engine.close();
        startEngine();
    }

    public SqlEngine engine() {
        return engine;
    }

    public int port() {
        return engine.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A JDBC URL with login-only encryption (encrypt=false) and the given extra properties. */
    public String url(String extra) {
        return "jdbc:sqlserver://localhost:" + port() + ";encrypt=false;trustServerCertificate=true;loginTimeout=10;"
                + extra;
    }

    public Connection connect() throws SQLException {
        return connect("");
    }

    public Connection connect(String extra) throws SQLException {
        return DriverManager.getConnection(url(extra), "sa", SA_PASSWORD);
    }

    @Override
    public void close() {
        engine.close();
    }
}
