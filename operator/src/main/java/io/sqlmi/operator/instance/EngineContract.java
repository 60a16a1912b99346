package io.sqlmi.operator.instance;

/**
 * The engine container contract (docs/engine-contract.md): what every engine image, the official SQL Server image
 * and the project's own engine alike, is given and must honour.
 */
public final class EngineContract {

    public static final String CONTAINER = "engine";
    public static final String DATA_DIR = "/var/opt/mssql";
    /** The official image runs as mssql (uid and gid 10001); the project's engine image uses the same ids. */
    public static final long USER_ID = 10001L;

    public static final String ACCEPT_EULA = "ACCEPT_EULA";
    public static final String SA_PASSWORD = "MSSQL_SA_PASSWORD";
    public static final String TCP_PORT = "MSSQL_TCP_PORT";
    public static final String PID = "MSSQL_PID";
    public static final String INSTANCE_NAME = "SQLMI_INSTANCE_NAME";
    public static final String ADMIN_LOGIN = "SQLMI_ADMIN_LOGIN";
    public static final String ADMIN_PASSWORD = "SQLMI_ADMIN_PASSWORD";
    public static final String DATA_DIR_VARIABLE = "SQLMI_DATA_DIR";
    public static final String MINIMAL_TLS_VERSION = "SQLMI_MINIMAL_TLS_VERSION";
    public static final String SERVER_NAME = "SQLMI_SERVER_NAME";
    /** A second TDS listener for redirected sessions (the project's engine; the official image has none). */
    public static final String REDIRECT_PORT = "SQLMI_REDIRECT_PORT";
    /**
     * {@code Ordinal}: replica 0 of the StatefulSet is the primary, the others readable secondaries (read only), as the
     * Services {@code <mi>-primary} and {@code <mi>-secondary} select them. The official image ignores it.
     */
    public static final String REPLICA_ROLE = "SQLMI_REPLICA_ROLE";
    public static final String REPLICA_ROLE_BY_ORDINAL = "Ordinal";
    public static final String TLS_CERT_FILE = "SQLMI_TLS_CERT_FILE";
    public static final String TLS_KEY_FILE = "SQLMI_TLS_KEY_FILE";

    /** Container port (and Service target port) of the redirect listener. */
    public static final String REDIRECT_PORT_NAME = "redirect";
    /** The certificate Secret {@code <mi>-engine-tls}, mounted as a directory. */
    public static final String TLS_VOLUME = "tls";
    public static final String TLS_DIR = "/etc/sqlmi/tls";

    /** Key of the sa password in the operator's {@code <mi>-engine-credentials} Secret. */
    public static final String SA_PASSWORD_KEY = "sa-password";
    /** Key of a generated administrator password, and the default key of a user's Secret. */
    public static final String PASSWORD_KEY = "password";

    private EngineContract() {
    }
}
