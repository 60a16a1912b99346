package io.sqlmi.engine.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * H2 prepared statements of one session's connection, by SQL text, least recently used first
 * out. Re-running a statement (sp_execute, or the same sp_executesql text) skips H2's parse.
 */
public final class StatementCache {
    static final int CAPACITY = 64;

    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > CAPACITY) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    public PreparedStatement get(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Forgets a statement that failed, so that a changed schema is seen on the next try. */
    public void evict(String sql) {
        PreparedStatement statement = statements.remove(sql);
        if (statement != null) {
            closeQuietly(statement);
        }
    }

    public void clear() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the connection may be gone already
        }
    }
}
