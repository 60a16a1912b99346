package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.tds.token.EnvChangeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's transaction: @@TRANCOUNT nesting over one H2 transaction, savepoints, and the
 * ENVCHANGE tokens (8 begin, 9 commit, 10 rollback; MS-TDS 2.2.7.9) that tell the client its
 * transaction descriptor. Only the outermost BEGIN and the final COMMIT or ROLLBACK send them.
 */
public final class TransactionState {
    private static final AtomicLong DESCRIPTORS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);
    private static final byte[] NONE = new byte[0];

    private int count;
    private long descriptor;
    private String outerName;
    private final Map<String, Savepoint> savepoints = new HashMap<>();

    public int count() {
        return count;
    }

    public boolean active() {
        return count > 0;
    }

    public void begin(Connection connection, String name, ResponseWriter out) throws SQLException {
        if (count == 0) {
            connection.setAutoCommit(false);
            descriptor = DESCRIPTORS.incrementAndGet();
            outerName = name;
            out.envChangeBytes(EnvChangeType.BEGIN_TRANSACTION, descriptorBytes(), NONE);
        }
        count++;
    }

    public void commit(Connection connection, ResponseWriter out) throws SQLException {
        if (count == 0) {
            throw SqlError.COMMIT_WITHOUT_BEGIN.exception();
        }
        if (--count == 0) {
            try {
                connection.commit();
            } finally {
                end(connection, EnvChangeType.COMMIT_TRANSACTION, out);
            }
        }
    }

    /** ROLLBACK [name]: to a savepoint of that name if there is one, else the whole transaction. */
    public void rollback(Connection connection, String name, ResponseWriter out) throws SQLException {
        if (count == 0) {
            throw SqlError.ROLLBACK_WITHOUT_BEGIN.exception();
        }
        if (name != null && !name.equalsIgnoreCase(outerName == null ? "" : outerName)) {
            Savepoint savepoint = savepoints.get(name.toLowerCase(Locale.ROOT));
            if (savepoint == null) {
                throw SqlError.NO_SUCH_SAVEPOINT.exception(name);
            }
            connection.rollback(savepoint);
            return;
        }
        try {
            connection.rollback();
        } finally {
            end(connection, EnvChangeType.ROLLBACK_TRANSACTION, out);
        }
    }

    public void save(Connection connection, String name) throws SQLException {
        if (count == 0) {
            throw SqlError.SAVE_WITHOUT_TRANSACTION.exception();
        }
        savepoints.put(name.toLowerCase(Locale.ROOT), connection.setSavepoint(name));
    }

    /** Rolls back whatever is open without telling a client (session end, connection reset). */
    public void abandon(Connection connection) {
        if (count > 0) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is being thrown away
            }
        }
        count = 0;
        savepoints.clear();
    }

    private void end(Connection connection, int envChangeType, ResponseWriter out) throws SQLException {
        byte[] old = descriptorBytes();
        count = 0;
        savepoints.clear();
        outerName = null;
        descriptor = 0;
        connection.setAutoCommit(true);
        out.envChangeBytes(envChangeType, NONE, old);
    }

    private byte[] descriptorBytes() {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (descriptor >>> (8 * i));
        }
        return bytes;
    }
}
