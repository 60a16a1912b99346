package io.sqlmi.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's settings, all from environment variables (docs/gateway.md lists them). The ports and the routes
 * file are the ones the operator's Deployment sets (docs/design.md section 7); the rest have defaults that suit
 * a pod.
 *
 * @param bindAddress the address the listeners bind, or {@code null} for every address
 * @param engineCaFile CA bundle that engines' certificates must chain to on the proxy path, or {@code null} to
 *        accept any engine certificate (the engines sit inside the virtual cluster's network)
 */
public record GatewayConfig(
        String gatewayName,
        String bindAddress,
        int tdsPort,
        int publicPort,
        int privatePort,
        int healthPort,
        Path routesFile,
        Path tlsDir,
        Path engineCaFile,
        boolean forceEncryption,
        boolean redirectOn1433,
        int maxConnections,
        Duration preloginTimeout,
        Duration loginTimeout,
        Duration engineTimeout,
        Duration shutdownGrace,
        Duration reloadInterval,
        int ioThreads,
        int handshakeThreads,
        String logLevel,
        List<String> description) {

    public static final String SQLMI_GATEWAY_NAME = "SQLMI_GATEWAY_NAME";
    public static final String SQLMI_BIND_ADDRESS = "SQLMI_BIND_ADDRESS";
    public static final String SQLMI_GATEWAY_PORT = "SQLMI_GATEWAY_PORT";
    public static final String SQLMI_PUBLIC_PORT = "SQLMI_PUBLIC_PORT";
    public static final String SQLMI_PRIVATE_PORT = "SQLMI_PRIVATE_PORT";
    public static final String SQLMI_HEALTH_PORT = "SQLMI_HEALTH_PORT";
    public static final String SQLMI_ROUTES_FILE = "SQLMI_ROUTES_FILE";
    public static final String SQLMI_TLS_DIR = "SQLMI_TLS_DIR";
    public static final String SQLMI_ENGINE_CA_FILE = "SQLMI_ENGINE_CA_FILE";
    public static final String SQLMI_FORCE_ENCRYPTION = "SQLMI_FORCE_ENCRYPTION";
    public static final String SQLMI_REDIRECT_ON_1433 = "SQLMI_REDIRECT_ON_1433";
    public static final String SQLMI_MAX_CONNECTIONS = "SQLMI_MAX_CONNECTIONS";
    public static final String SQLMI_PRELOGIN_TIMEOUT_SECONDS = "SQLMI_PRELOGIN_TIMEOUT_SECONDS";
    public static final String SQLMI_LOGIN_TIMEOUT_SECONDS = "SQLMI_LOGIN_TIMEOUT_SECONDS";
    public static final String SQLMI_ENGINE_TIMEOUT_SECONDS = "SQLMI_ENGINE_TIMEOUT_SECONDS";
    public static final String SQLMI_SHUTDOWN_GRACE_SECONDS = "SQLMI_SHUTDOWN_GRACE_SECONDS";
    public static final String SQLMI_RELOAD_INTERVAL_MILLIS = "SQLMI_RELOAD_INTERVAL_MILLIS";
    public static final String SQLMI_IO_THREADS = "SQLMI_IO_THREADS";
    public static final String SQLMI_HANDSHAKE_THREADS = "SQLMI_HANDSHAKE_THREADS";
    public static final String SQLMI_LOG_LEVEL = "SQLMI_LOG_LEVEL";

    private static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");

    public static GatewayConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        String hostName = variables.getOrDefault("HOSTNAME", "sqlmi-gateway");
        String name = env.text(SQLMI_GATEWAY_NAME, hostName.isBlank() ? "sqlmi-gateway" : hostName);
        String bind = env.text(SQLMI_BIND_ADDRESS, "*");
        int tdsPort = env.port(SQLMI_GATEWAY_PORT, 1433);
        int publicPort = env.port(SQLMI_PUBLIC_PORT, 3342);
        int privatePort = env.port(SQLMI_PRIVATE_PORT, 1435);
        int healthPort = env.port(SQLMI_HEALTH_PORT, 8080);
        distinct(SQLMI_GATEWAY_PORT, tdsPort, SQLMI_PUBLIC_PORT, publicPort);
        distinct(SQLMI_GATEWAY_PORT, tdsPort, SQLMI_PRIVATE_PORT, privatePort);
        distinct(SQLMI_PUBLIC_PORT, publicPort, SQLMI_PRIVATE_PORT, privatePort);
        Path routes = Path.of(env.text(SQLMI_ROUTES_FILE, "/etc/sqlmi/routes/routes.json"));
        Path tls = Path.of(env.text(SQLMI_TLS_DIR, "/etc/sqlmi/tls"));
        String ca = env.text(SQLMI_ENGINE_CA_FILE, "(none: engine certificates are not verified)");
        boolean force = env.flag(SQLMI_FORCE_ENCRYPTION, false);
        boolean on1433 = env.flag(SQLMI_REDIRECT_ON_1433, false);
        int maxConnections = env.positive(SQLMI_MAX_CONNECTIONS, 10_000);
        Duration prelogin = Duration.ofSeconds(env.positive(SQLMI_PRELOGIN_TIMEOUT_SECONDS, 5));
        Duration login = Duration.ofSeconds(env.positive(SQLMI_LOGIN_TIMEOUT_SECONDS, 15));
        Duration engine = Duration.ofSeconds(env.positive(SQLMI_ENGINE_TIMEOUT_SECONDS, 15));
        Duration grace = Duration.ofSeconds(env.positive(SQLMI_SHUTDOWN_GRACE_SECONDS, 25));
        Duration reload = Duration.ofMillis(env.positive(SQLMI_RELOAD_INTERVAL_MILLIS, 1000));
        int io = env.positive(SQLMI_IO_THREADS, Math.min(4, Runtime.getRuntime().availableProcessors()));
        int handshakes = env.positive(SQLMI_HANDSHAKE_THREADS, 64);
        String level = env.text(SQLMI_LOG_LEVEL, "info").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException(SQLMI_LOG_LEVEL + " must be one of " + LOG_LEVELS + "; got '" + level + "'");
        }
        if (prelogin.compareTo(login) > 0) {
            throw new ConfigException(SQLMI_PRELOGIN_TIMEOUT_SECONDS + " must not exceed "
                    + SQLMI_LOGIN_TIMEOUT_SECONDS + ": the login limit counts from the same moment (the accept)");
        }
        return new GatewayConfig(name, bind.equals("*") ? null : bind, tdsPort, publicPort, privatePort, healthPort,
                routes, tls,
                ca.startsWith("(none") ? null : Path.of(ca), force, on1433, maxConnections, prelogin, login, engine,
                grace, reload, io, handshakes, level, env.describe());
    }

    /**
     * Each endpoint kind has a listener of its own, so that a NetworkPolicy can tell them apart: the private
     * endpoints' networks reach the private port only, never the VNet-local one.
     */
    private static void distinct(String name, int port, String otherName, int other) {
        if (port != 0 && port == other) {
            throw new ConfigException(name + " and " + otherName + " must differ: each endpoint kind has a listener "
                    + "of its own; got " + port + " for both");
        }
    }

    /** The settings as printed at start: every variable, its value, and whether it is the default. */
    public List<String> describe() {
        return description;
    }
}
