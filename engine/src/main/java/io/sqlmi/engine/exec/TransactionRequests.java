package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlServerException;
import io.sqlmi.tds.request.TransactionRequest;
import io.sqlmi.tds.token.CurrentCommand;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import java.sql.Connection;
import java.sql.SQLException;

/** Transaction manager requests (packet 0x0E): begin, commit, rollback, save without SQL text. */
public final class TransactionRequests {
    private TransactionRequests() {
    }

    public static void run(SessionState session, ResponseWriter out, TransactionRequest request) {
        TransactionState transaction = session.transaction();
        Connection connection = session.connection();
        try {
            switch (request.kind()) {
                case BEGIN -> {
                    isolation(connection, request.isolationLevel());
                    transaction.begin(connection, request.name(), out);
                }
                case COMMIT -> {
                    transaction.commit(connection, out);
                    if (request.beginNew()) {
                        isolation(connection, request.isolationLevel());
                        transaction.begin(connection, request.newName(), out);
                    }
                }
                case ROLLBACK -> {
                    String name = request.name() == null || request.name().isEmpty() ? null : request.name();
                    transaction.rollback(connection, name, out);
                    if (request.beginNew()) {
                        isolation(connection, request.isolationLevel());
                        transaction.begin(connection, request.newName(), out);
                    }
                }
                case SAVE -> transaction.save(connection, request.name());
                default -> throw new IllegalStateException();
            }
            out.done(TokenType.DONE, 0, CurrentCommand.OTHER, 0);
        } catch (SqlServerException e) {
            out.message(new SqlMessage(e.number(), e.state(), e.severity(), e.getMessage(), session.instanceName(),
                    "", 1));
            out.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.OTHER, 0);
        } catch (SQLException e) {
            out.message(new SqlMessage(50000, 1, 16, e.getMessage(), session.instanceName(), "", 1));
            out.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.OTHER, 0);
        }
    }

    private static void isolation(Connection connection, int level) throws SQLException {
        switch (level) {
            case TransactionRequest.ISOLATION_READ_UNCOMMITTED ->
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            case TransactionRequest.ISOLATION_READ_COMMITTED ->
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            case TransactionRequest.ISOLATION_REPEATABLE_READ ->
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            case TransactionRequest.ISOLATION_SERIALIZABLE, TransactionRequest.ISOLATION_SNAPSHOT ->
                connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            default -> {
            }
        }
    }
}
