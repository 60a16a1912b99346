package io.sqlmi.gateway.routing;

/**
 * The errors the gateway itself answers a login with: Azure's numbers where Azure has one (40531, 40532,
 * 40613, 47072), SQL Server's otherwise. None of the refusals uses a number that drivers retry on their own,
 * except 40613, which is meant to be retried (the engine is restarting or moving).
 */
public enum LoginError {
    /** Unknown host name, an IP address, the wrong listener, or an instance that is stopped. */
    CANNOT_OPEN_SERVER(40532, 20),
    /** The login carries no server name and no SNI. */
    SERVER_NAME_UNDETERMINED(40531, 20),
    /** The session's TLS version is below the instance's minimalTlsVersion. */
    INVALID_TLS_VERSION(47072, 14),
    /** The engine behind the instance cannot be reached or did not answer in time. */
    ENGINE_UNAVAILABLE(40613, 20),
    /** The gateway holds SQLMI_MAX_CONNECTIONS connections already. */
    MAX_CONNECTIONS(17809, 20),
    /** PRELOGIN (or the TLS handshake it carries) was malformed or too large. */
    PRELOGIN_INVALID(17828, 20),
    /** LOGIN7 was malformed or too large. */
    LOGIN_INVALID(17832, 20);

    private final int number;
    private final int severity;

    LoginError(int number, int severity) {
        this.number = number;
        this.severity = severity;
    }

    public int number() {
        return number;
    }

    public int severity() {
        return severity;
    }
}
