package io.sqlmi.engine.functions;

/** What the SQL functions may read of the session that is running them. */
public interface SessionView {
    int spid();

    String loginName();

    String databaseName();

    int databaseId(String name);

    String databaseNameOf(int id);

    String hostName();

    String appName();

    int transactionCount();

    long lastRowCount();

    int lastError();

    String instanceName();

    boolean encrypted();

    /** A readable secondary: DATABASEPROPERTYEX(..., 'Updateability') is READ_ONLY. */
    boolean readOnly();

    /** Rows of sys.databases: name, database_id, create_date. */
    java.util.List<Object[]> databases();

    /** Rows of sys.dm_exec_connections: session_id, encrypt_option, net_transport, protocol_type, auth_scheme, client_net_address. */
    java.util.List<Object[]> connections();
}
