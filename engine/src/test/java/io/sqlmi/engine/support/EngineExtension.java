package io.sqlmi.engine.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one server fixture of the engine's client tests: a real engine on free ports over a fresh data
 * directory, started before the class's tests (and before its {@code @BeforeAll} methods) and stopped
 * after them. Register it on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final EngineExtension fixture = EngineExtension.withDefaults();
 * </pre>
 * Tests that need an engine of their own configuration for one method use {@link EngineFixture#start}.
 */
public final class EngineExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> environment;
    private EngineFixture fixture;

    private EngineExtension(Map<String, String> environment) {
        this.environment = environment;
    }

    public static EngineExtension withDefaults() {
        return new EngineExtension(Map.of());
    }

    /** An engine whose environment differs from the defaults of {@link EngineFixture} by these variables. */
    public static EngineExtension withEnvironment(Map<String, String> environment) {
        return new EngineExtension(new HashMap<>(environment));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = EngineFixture.start(environment);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    public EngineFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("the engine runs only while the test class runs");
        }
        return fixture;
    }

    public int port() {
        return fixture().port();
    }

    public Path dataDir() {
        return fixture().dataDir();
    }

    public io.sqlmi.engine.server.SqlEngine engine() {
        return fixture().engine();
    }

    public String url(String extra) {
        return fixture().url(extra);
    }

    public Connection connect() throws SQLException {
        return fixture().connect();
    }

    public Connection connect(String extra) throws SQLException {
        return fixture().connect(extra);
    }
}
