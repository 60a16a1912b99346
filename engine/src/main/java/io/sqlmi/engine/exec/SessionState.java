package io.sqlmi.engine.exec;

import io.sqlmi.engine.catalog.DatabaseInfo;
import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.functions.SessionView;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL state of one session: its H2 connection (one per current database), transaction, SET
 * options, prepared handles and statement cache, and the hooks an attention uses to cancel
 * whatever runs. Only the session's request thread changes it, except {@link #cancel}.
 */
public final class SessionState implements SessionView {
    private final EngineContext engine;
    private final int spid;
    private final String loginName;
    private final String hostName;
    private final String appName;
    private final boolean encrypted;
    private final LocalDateTime connectTime = LocalDateTime.now();
    private final TransactionState transaction = new TransactionState();
    private final StatementCache statements = new StatementCache();
    private final PreparedHandles handles = new PreparedHandles();
    private final Object sleeper = new Object();
    private DatabaseInfo database;
    private Connection connection;
    private boolean noCount;
    private boolean implicitTransactions;
    private boolean xactAbort;
    /** Whether a column keeps a datetimeoffset's offset, by "schema.table.column" (see {@link #columnKeepsOffset}). */
    private final java.util.Map<String, Boolean> offsetColumns = new java.util.HashMap<>();
    private long lastRowCount;
    private int lastError;
    private volatile boolean cancelled;
    private volatile Statement running;

    public SessionState(EngineContext engine, int spid, String loginName, String hostName, String appName,
            boolean encrypted) {
        this.engine = engine;
        this.spid = spid;
        this.loginName = loginName;
        this.hostName = hostName;
        this.appName = appName;
        this.encrypted = encrypted;
    }

    public EngineContext engine() {
        return engine;
    }

    public void open(DatabaseInfo initial) throws SQLException {
        connection = engine.catalog().connect(initial);
        database = initial;
    }

    /** Switches database (USE). Not inside a transaction: each database is its own H2 store. */
    public void use(DatabaseInfo target) throws SQLException {
        if (transaction.active()) {
            throw SqlError.NOT_SUPPORTED.exception("USE inside a transaction");
        }
        if (target.id() == database.id()) {
            return;
        }
        Connection next = engine.catalog().connect(target);
        statements.clear();
        closeConnection();
        connection = next;
        database = target;
    }

    /** Rolls back, closes the connection and releases the database: the session is over. */
    public void close() {
        if (connection != null) {
            transaction.abandon(connection);
            statements.clear();
            closeConnection();
            connection = null;
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection
        }
        engine.catalog().release(database);
    }

    /** Connection reset (sp_reset_connection semantics): rollback, options back to their defaults. */
    public void reset() {
        transaction.abandon(connection);
        handles.clear();
        noCount = false;
        implicitTransactions = false;
        xactAbort = false;
        lastRowCount = 0;
        lastError = 0;
    }

    // ---------------------------------------------------------------- cancellation

    /** Called from the reader thread when an attention arrives. */
    public void cancel() {
        cancelled = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // the statement finished meanwhile
            }
        }
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    public void clearCancel() {
        cancelled = false;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void checkCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    void running(Statement statement) {
        running = statement;
    }

    /** WAITFOR DELAY: sleeps unless an attention comes. */
    void sleep(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (sleeper) {
            while (!cancelled) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (remaining <= 0) {
                    return;
                }
                try {
                    sleeper.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
        }
        throw new CancelledException();
    }

    // ---------------------------------------------------------------- state used by the executors

    public Connection connection() {
        return connection;
    }

    public DatabaseInfo database() {
        return database;
    }

    public TransactionState transaction() {
        return transaction;
    }

    public StatementCache statements() {
        return statements;
    }

    public PreparedHandles handles() {
        return handles;
    }

    public boolean noCount() {
        return noCount;
    }

    public void noCount(boolean value) {
        noCount = value;
    }

    public boolean implicitTransactions() {
        return implicitTransactions;
    }

    public void implicitTransactions(boolean value) {
        implicitTransactions = value;
    }

    public boolean xactAbort() {
        return xactAbort;
    }

    public void xactAbort(boolean value) {
        xactAbort = value;
    }

    /** A readable secondary refuses writes (error 3906). */
    public boolean readOnly() {
        return engine.readOnly();
    }

    /** DDL ran: what was learnt about columns may be stale. */
    public void schemaChanged() {
        offsetColumns.clear();
    }

    /**
     * Whether a value stored into this column keeps a datetimeoffset's offset (the column is a
     * datetimeoffset); other temporal columns take its local date and time. The column is a name, or
     * "#n" for the n-th column of an INSERT that lists none. Unknown columns keep the value as it is.
     */
    public boolean columnKeepsOffset(String table, String column) throws SQLException {
        String key = (table + "." + column).toLowerCase(java.util.Locale.ROOT);
        Boolean known = offsetColumns.get(key);
        if (known == null) {
            int dot = table.lastIndexOf('.');
            String schema = dot < 0 ? "dbo" : table.substring(table.lastIndexOf('.', dot - 1) + 1, dot);
            String name = dot < 0 ? table : table.substring(dot + 1);
            boolean ordinal = column.startsWith("#");
            String query = "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE UPPER(TABLE_SCHEMA) = UPPER(?) "
                    + "AND UPPER(TABLE_NAME) = UPPER(?) AND " + (ordinal ? "ORDINAL_POSITION = ?" : "UPPER(COLUMN_NAME) = UPPER(?)");
            try (java.sql.PreparedStatement statement = connection.prepareStatement(query)) {
                statement.setString(1, schema);
                statement.setString(2, name);
                if (ordinal) {
                    statement.setInt(3, Integer.parseInt(column.substring(1)));
                } else {
                    statement.setString(3, column);
                }
                try (java.sql.ResultSet rows = statement.executeQuery()) {
                    known = !rows.next() || !rows.getString(1).contains("DATE") && !rows.getString(1).contains("TIME")
                            || rows.getString(1).contains("WITH TIME ZONE");
                }
            }
            offsetColumns.put(key, known);
        }
        return known;
    }

    public void lastRowCount(long value) {
        lastRowCount = value;
    }

    public void lastError(int value) {
        lastError = value;
    }

    // ---------------------------------------------------------------- SessionView for the SQL functions

    @Override
    public int spid() {
        return spid;
    }

    @Override
    public String loginName() {
        return loginName;
    }

    @Override
    public String databaseName() {
        return database.name();
    }

    @Override
    public int databaseId(String name) {
        return engine.catalog().find(name).map(DatabaseInfo::id).orElse(0);
    }

    @Override
    public String databaseNameOf(int id) {
        return engine.catalog().find(id).map(DatabaseInfo::name).orElse(null);
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public String appName() {
        return appName;
    }

    @Override
    public int transactionCount() {
        return transaction.count();
    }

    @Override
    public long lastRowCount() {
        return lastRowCount;
    }

    @Override
    public int lastError() {
        return lastError;
    }

    @Override
    public String instanceName() {
        return engine.instanceName();
    }

    @Override
    public boolean encrypted() {
        return encrypted;
    }

    public LocalDateTime connectTime() {
        return connectTime;
    }

    @Override
    public List<Object[]> databases() {
        List<Object[]> rows = new ArrayList<>();
        for (DatabaseInfo info : engine.catalog().list()) {
            rows.add(new Object[] {info.name(), info.id(), java.sql.Timestamp.valueOf(info.created())});
        }
        return rows;
    }

    @Override
    public List<Object[]> connections() {
        return engine.connectionRows();
    }
}
