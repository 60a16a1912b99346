package io.sqlmi.engine.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's settings, read from the same environment variables as the official SQL Server
 * Linux image plus the SQLMI_* ones of the operator's contract (docs/engine.md lists them all).
 */
public record EngineConfig(
        int tcpPort,
        String saPassword,
        String instanceName,
        String adminLogin,
        String adminPassword,
        Path dataDir,
        Path tlsCertFile,
        Path tlsKeyFile,
        MinimalTlsVersion minimalTlsVersion,
        boolean forceEncryption,
        int healthPort,
        int maxSessions,
        int maxRequestBytes,
        int shutdownGraceSeconds,
        ReplicaRole replicaRole,
        int redirectPort,
        String serverName,
        List<String> tlsHostNames) {

    /** {@link #redirectPort} when the engine listens on its TDS port only. */
    public static final int NO_REDIRECT_PORT = -1;

    public static final String ACCEPT_EULA = "ACCEPT_EULA";
    public static final String MSSQL_TCP_PORT = "MSSQL_TCP_PORT";
    public static final String MSSQL_SA_PASSWORD = "MSSQL_SA_PASSWORD";
    /** The image's older name for the sa password, still honoured by it. */
    public static final String SA_PASSWORD = "SA_PASSWORD";
    public static final String SQLMI_INSTANCE_NAME = "SQLMI_INSTANCE_NAME";
    public static final String SQLMI_ADMIN_LOGIN = "SQLMI_ADMIN_LOGIN";
    public static final String SQLMI_ADMIN_PASSWORD = "SQLMI_ADMIN_PASSWORD";
    public static final String SQLMI_DATA_DIR = "SQLMI_DATA_DIR";
    public static final String SQLMI_TLS_CERT_FILE = "SQLMI_TLS_CERT_FILE";
    public static final String SQLMI_TLS_KEY_FILE = "SQLMI_TLS_KEY_FILE";
    public static final String SQLMI_MINIMAL_TLS_VERSION = "SQLMI_MINIMAL_TLS_VERSION";
    public static final String SQLMI_FORCE_ENCRYPTION = "SQLMI_FORCE_ENCRYPTION";
    public static final String SQLMI_HEALTH_PORT = "SQLMI_HEALTH_PORT";
    public static final String SQLMI_MAX_SESSIONS = "SQLMI_MAX_SESSIONS";
    public static final String SQLMI_MAX_REQUEST_BYTES = "SQLMI_MAX_REQUEST_BYTES";
    public static final String SQLMI_SHUTDOWN_GRACE_SECONDS = "SQLMI_SHUTDOWN_GRACE_SECONDS";
    public static final String SQLMI_REPLICA_ROLE = "SQLMI_REPLICA_ROLE";
    public static final String SQLMI_REDIRECT_PORT = "SQLMI_REDIRECT_PORT";
    public static final String SQLMI_SERVER_NAME = "SQLMI_SERVER_NAME";
    public static final String SQLMI_TLS_HOST_NAMES = "SQLMI_TLS_HOST_NAMES";

    public static final int DEFAULT_TCP_PORT = 1433;
    public static final String DEFAULT_DATA_DIR = "/var/opt/mssql";
    public static final int DEFAULT_HEALTH_PORT = 8080;
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;

    public static EngineConfig fromEnvironment(Map<String, String> env) {
        String eula = env.getOrDefault(ACCEPT_EULA, "");
        if (!eula.equalsIgnoreCase("Y") && !eula.equalsIgnoreCase("YES")) {
            throw new ConfigException("The engine requires ACCEPT_EULA=Y, like the SQL Server image it stands in for.");
        }
        String saPassword = env.getOrDefault(MSSQL_SA_PASSWORD, env.get(SA_PASSWORD));
        if (saPassword == null || saPassword.isEmpty()) {
            throw new ConfigException("MSSQL_SA_PASSWORD must be set (the password of the 'sa' login).");
        }
        checkComplexity(MSSQL_SA_PASSWORD, saPassword);
        String adminLogin = blankToNull(env.get(SQLMI_ADMIN_LOGIN));
        String adminPassword = blankToNull(env.get(SQLMI_ADMIN_PASSWORD));
        if ((adminLogin == null) != (adminPassword == null)) {
            throw new ConfigException("SQLMI_ADMIN_LOGIN and SQLMI_ADMIN_PASSWORD are set together or not at all.");
        }
        if (adminPassword != null) {
            checkComplexity(SQLMI_ADMIN_PASSWORD, adminPassword);
        }
        String cert = blankToNull(env.get(SQLMI_TLS_CERT_FILE));
        String key = blankToNull(env.get(SQLMI_TLS_KEY_FILE));
        if ((cert == null) != (key == null)) {
            throw new ConfigException("SQLMI_TLS_CERT_FILE and SQLMI_TLS_KEY_FILE are set together or not at all.");
        }
        String instance = blankToNull(env.get(SQLMI_INSTANCE_NAME));
        String redirect = blankToNull(env.get(SQLMI_REDIRECT_PORT));
        List<String> hostNames = new ArrayList<>();
        for (String name : env.getOrDefault(SQLMI_TLS_HOST_NAMES, "").split(",")) {
            if (!name.isBlank()) {
                hostNames.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        return new EngineConfig(
                port(env, MSSQL_TCP_PORT, DEFAULT_TCP_PORT),
                saPassword,
                instance != null ? instance : defaultInstanceName(),
                adminLogin,
                adminPassword,
                Path.of(env.getOrDefault(SQLMI_DATA_DIR, DEFAULT_DATA_DIR)),
                cert == null ? null : Path.of(cert),
                key == null ? null : Path.of(key),
                MinimalTlsVersion.parse(env.getOrDefault(SQLMI_MINIMAL_TLS_VERSION, "1.2")),
                bool(env, SQLMI_FORCE_ENCRYPTION),
                port(env, SQLMI_HEALTH_PORT, DEFAULT_HEALTH_PORT),
                positive(env, SQLMI_MAX_SESSIONS, DEFAULT_MAX_SESSIONS),
                positive(env, SQLMI_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES),
                positive(env, SQLMI_SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_GRACE_SECONDS),
                ReplicaRole.parse(env.get(SQLMI_REPLICA_ROLE), env.getOrDefault("HOSTNAME", hostName())),
                redirect == null ? NO_REDIRECT_PORT : port(env, SQLMI_REDIRECT_PORT, 0),
                blankToNull(env.get(SQLMI_SERVER_NAME)) == null ? null
                        : env.get(SQLMI_SERVER_NAME).trim().toLowerCase(Locale.ROOT),
                List.copyOf(hostNames));
    }

    /**
     * The DNS names the self-signed certificate carries: the instance name, the server name (FQDN),
     * the extra host names, the machine's host name and localhost, each once.
     */
    public List<String> certificateNames() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        names.add(instanceName);
        if (serverName != null) {
            names.add(serverName);
        }
        names.addAll(tlsHostNames);
        names.add(hostName());
        names.add("localhost");
        return List.copyOf(names);
    }

    /** The settings as printed at start: every variable, its value (passwords hidden), and whether it is the default. */
    public List<String> describe(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(MSSQL_TCP_PORT, String.valueOf(tcpPort));
        values.put(MSSQL_SA_PASSWORD, "(set)");
        values.put(SQLMI_INSTANCE_NAME, instanceName);
        values.put(SQLMI_ADMIN_LOGIN, adminLogin == null ? "(none)" : adminLogin);
        values.put(SQLMI_ADMIN_PASSWORD, adminPassword == null ? "(none)" : "(set)");
        values.put(SQLMI_DATA_DIR, dataDir.toString());
        values.put(SQLMI_TLS_CERT_FILE, tlsCertFile == null ? "(none: self-signed at start)" : tlsCertFile.toString());
        values.put(SQLMI_TLS_KEY_FILE, tlsKeyFile == null ? "(none: self-signed at start)" : tlsKeyFile.toString());
        values.put(SQLMI_MINIMAL_TLS_VERSION, minimalTlsVersion.label());
        values.put(SQLMI_FORCE_ENCRYPTION, String.valueOf(forceEncryption));
        values.put(SQLMI_HEALTH_PORT, healthPort + " (/health/live, /health/ready)");
        values.put(SQLMI_MAX_SESSIONS, String.valueOf(maxSessions));
        values.put(SQLMI_MAX_REQUEST_BYTES, String.valueOf(maxRequestBytes));
        values.put(SQLMI_SHUTDOWN_GRACE_SECONDS, String.valueOf(shutdownGraceSeconds));
        values.put(SQLMI_REPLICA_ROLE, replicaRole.label() + (replicaRole == ReplicaRole.SECONDARY ? " (read-only)" : ""));
        values.put(SQLMI_REDIRECT_PORT, redirectPort == NO_REDIRECT_PORT ? "(none)" : String.valueOf(redirectPort));
        values.put(SQLMI_SERVER_NAME, serverName == null ? "(none)" : serverName);
        values.put(SQLMI_TLS_HOST_NAMES, tlsHostNames.isEmpty() ? "(none)" : String.join(",", tlsHostNames));
        List<String> lines = new ArrayList<>();
        values.forEach((name, value) -> {
            boolean fromEnv = env.containsKey(name) || (name.equals(MSSQL_SA_PASSWORD) && env.containsKey(SA_PASSWORD));
            lines.add(String.format(Locale.ROOT, "  %-30s %s%s", name, value, fromEnv ? "" : "   [default]"));
        });
        return lines;
    }

    /**
     * The image's password policy: at least 8 characters from three of upper case, lower case,
     * digits and symbols. The image refuses to set up with a weaker sa password.
     */
    static void checkComplexity(String variable, String password) {
        int classes = 0;
        classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        if (password.length() < 8 || classes < 3) {
            throw new ConfigException(variable + " does not meet the password policy: at least 8 characters "
                    + "from three of: upper case, lower case, digits, symbols.");
        }
    }

    private static String defaultInstanceName() {
        return hostName();
    }

    /** The machine's (pod's) host name, lower case: HOSTNAME, else what the resolver says. */
    static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        int value = integer(env, name, fallback);
        if (value < 0 || value > 65535) {
            throw new ConfigException(name + " must be a TCP port (0 picks a free one); got " + value);
        }
        return value;
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        int value = integer(env, name, fallback);
        if (value <= 0) {
            throw new ConfigException(name + " must be positive; got " + value);
        }
        return value;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String text = blankToNull(env.get(name));
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number; got '" + text + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name) {
        String text = blankToNull(env.get(name));
        return text != null && (text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("yes")
                || text.equalsIgnoreCase("y"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
