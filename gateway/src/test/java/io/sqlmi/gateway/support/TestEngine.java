package io.sqlmi.gateway.support;

import io.sqlmi.engine.config.EngineConfig;
import io.sqlmi.engine.server.SqlEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of an instance: the project's engine in this JVM on a free port, with a certificate from the test
 * CA for its redirect host name, and a table {@code replica_marker} that says which replica a session reached
 * (both replicas of an instance answer {@code @@SERVERNAME} with the instance name, as in Azure).
 */
public final class TestEngine implements AutoCloseable {
    private final String instance;
    private final String role;
    private final String routedHost;
    private final Map<String, String> env;
    private SqlEngine engine;

    private TestEngine(String instance, String role, String routedHost, Map<String, String> env) {
        this.instance = instance;
        this.role = role;
        this.routedHost = routedHost;
        this.env = env;
    }

    /** @param role "primary" or "secondary"; a secondary runs read-only once the engine has that mode */
    public static TestEngine start(String instance, String role, String routedHost) {
        try {
            Path dataDir = Files.createTempDirectory("sqlmi-gateway-engine-" + instance);
            TestPki.Issued certificate = TestPki.shared().issue(dataDir.resolve("tls"), "engine",
                    List.of(routedHost, "localhost"));
            Map<String, String> env = new HashMap<>();
            env.put(EngineConfig.ACCEPT_EULA, "Y");
            env.put(EngineConfig.MSSQL_SA_PASSWORD, TestCluster.SA_PASSWORD);
            env.put(EngineConfig.MSSQL_TCP_PORT, "0");
            env.put(EngineConfig.SQLMI_HEALTH_PORT, "0");
            env.put(EngineConfig.SQLMI_INSTANCE_NAME, instance);
            env.put(EngineConfig.SQLMI_DATA_DIR, dataDir.toString());
            env.put(EngineConfig.SQLMI_TLS_CERT_FILE, certificate.certFile().toString());
            env.put(EngineConfig.SQLMI_TLS_KEY_FILE, certificate.keyFile().toString());
            // the engines accept any TLS (or none): minimal TLS versions are the gateway's to enforce
            env.put(EngineConfig.SQLMI_MINIMAL_TLS_VERSION, "None");
            env.put(EngineConfig.SQLMI_MAX_SESSIONS, "2000");
            TestEngine engine = new TestEngine(instance, role, routedHost, env);
            engine.engine = SqlEngine.start(EngineConfig.fromEnvironment(env));
            engine.markReplica();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the marker while the replica is writable, then restarts a secondary in its read-only role. */
    private void markReplica() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + engine.port()
                + ";encrypt=false;trustServerCertificate=true", "sa", TestCluster.SA_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE replica_marker (role nvarchar(20))");
            statement.execute("INSERT INTO replica_marker VALUES ('" + role + "')");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark engine " + instance + " " + role, e);
        }
        if (role.equals("secondary")) {
            engine.close();
            env.put("SQLMI_REPLICA_ROLE", "Secondary");
            try {
                engine = SqlEngine.start(EngineConfig.fromEnvironment(env));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public int port() {
        return engine.port();
    }

    public String instance() {
        return instance;
    }

    public String role() {
        return role;
    }

    /** The host name clients are redirected to; it resolves to this engine in the tests' hosts file. */
    public String routedHost() {
        return routedHost;
    }

    /** Whether the engine holds the session with this {@code @@SPID}. */
    public boolean hasSession(int spid) {
        return engine.connectionRows().stream().anyMatch(row -> ((Number) row[0]).intValue() == spid);
    }

    @Override
    public void close() {
        engine.close();
    }
}
