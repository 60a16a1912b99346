package io.sqlmi.engine.exec;

import io.sqlmi.engine.catalog.DatabaseInfo;
import io.sqlmi.engine.errors.H2ErrorMapping;
import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.errors.SqlServerException;
import io.sqlmi.engine.sql.BatchNode;
import io.sqlmi.engine.sql.Translation;
import io.sqlmi.tds.token.CurrentCommand;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.EnvChangeType;
import io.sqlmi.tds.token.SqlMessage;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.h2.api.ErrorCode;

/**
 * Runs the statements of one batch (or of one sp_executesql / sp_execute text) against the
 * session's H2 connection and writes their results: COLMETADATA and rows for queries, a DONE per
 * statement (DONEINPROC inside an RPC), ERROR tokens with SQL Server numbers and the batch line.
 * A statement-terminating error lets the batch go on; a batch-aborting one stops it.
 */
public final class BatchExecutor {
    private final SessionState session;
    private final ResponseWriter out;
    private final int doneToken;
    private final Bindings bindings;
    private final Set<String> declared = new HashSet<>();
    private boolean stopped;

    public BatchExecutor(SessionState session, ResponseWriter out, int doneToken, Bindings bindings) {
        this.session = session;
        this.out = out;
        this.doneToken = doneToken;
        this.bindings = bindings;
    }

    /** Parses and runs a batch; returns false when an error occurred. */
    public boolean run(String batch) {
        List<BatchNode> nodes;
        try {
            nodes = session.engine().translations().parse(batch);
        } catch (SqlServerException e) {
            report(e, 1);
            return false;
        }
        boolean clean = true;
        for (BatchNode node : nodes) {
            clean &= run(node);
            if (stopped) {
                break;
            }
        }
        return clean;
    }

    private boolean run(BatchNode node) {
        session.checkCancelled();
        if (node instanceof BatchNode.Statement statement) {
            return runStatement(statement);
        }
        if (node instanceof BatchNode.Block block) {
            boolean clean = true;
            for (BatchNode inner : block.body()) {
                clean &= run(inner);
                if (stopped) {
                    break;
                }
            }
            return clean;
        }
        BatchNode.If conditional = (BatchNode.If) node;
        Boolean holds = condition(conditional);
        if (holds == null) {
            return false;
        }
        if (holds) {
            return run(conditional.then());
        }
        return conditional.otherwise() == null || run(conditional.otherwise());
    }

    private Boolean condition(BatchNode.If conditional) {
        String query = "SELECT CASE WHEN " + conditional.condition() + " THEN 1 ELSE 0 END";
        try {
            Translation translation = session.engine().translations().translate(query, bindings.declarations().h2Types());
            checkVariables(translation);
            PreparedStatement statement = prepare(translation.sql(), translation);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getInt(1) == 1;
            } finally {
                session.running(null);
            }
        } catch (SQLException e) {
            throwIfCancelled(e);
            report(H2ErrorMapping.map(e, conditional.condition(), session.databaseName()), conditional.line());
        } catch (SqlServerException e) {
            report(e, conditional.line());
        }
        return null;
    }

    private boolean runStatement(BatchNode.Statement statement) {
        try {
            Translation translation = session.engine().translations().translate(statement.text(),
                    bindings.declarations().h2Types());
            checkVariables(translation);
            execute(statement, translation);
            return true;
        } catch (SQLException e) {
            throwIfCancelled(e);
            report(H2ErrorMapping.map(e, statement.text(), session.databaseName()), statement.line());
        } catch (SqlServerException e) {
            report(e, statement.line());
        } catch (ArithmeticException e) {
            report(SqlError.ARITHMETIC_OVERFLOW.exception(e.getMessage()), statement.line());
        }
        return false;
    }

    private void execute(BatchNode.Statement statement, Translation translation) throws SQLException {
        switch (translation.kind()) {
            case H2 -> {
                startImplicitTransaction(statement.text());
                for (String sql : translation.h2Sql()) {
                    runH2(statement.text(), sql, translation);
                }
                declared.addAll(translation.variablesDeclared());
            }
            case SELECT_ASSIGN -> selectAssign(translation);
            case BEGIN_TRANSACTION -> {
                session.transaction().begin(session.connection(), translation.name(), out);
                done(CurrentCommand.OTHER, 0);
            }
            case COMMIT -> {
                session.transaction().commit(session.connection(), out);
                done(CurrentCommand.OTHER, 0);
            }
            case ROLLBACK -> {
                session.transaction().rollback(session.connection(), translation.name(), out);
                done(CurrentCommand.OTHER, 0);
            }
            case SAVE_TRANSACTION -> {
                session.transaction().save(session.connection(), translation.name());
                done(CurrentCommand.OTHER, 0);
            }
            case SET_NOCOUNT -> {
                session.noCount(translation.flag());
                done(CurrentCommand.OTHER, 0);
            }
            case SET_IMPLICIT_TRANSACTIONS -> {
                session.implicitTransactions(translation.flag());
                done(CurrentCommand.OTHER, 0);
            }
            case SET_ISOLATION_LEVEL -> {
                session.connection().setTransactionIsolation((int) translation.number());
                done(CurrentCommand.OTHER, 0);
            }
            case IGNORED -> done(CurrentCommand.OTHER, 0);
            case USE -> use(translation.name());
            case CREATE_DATABASE -> {
                session.engine().catalog().create(translation.name());
                done(CurrentCommand.CREATE_DATABASE, 0);
            }
            case DROP_DATABASE -> {
                session.engine().catalog().drop(translation.name(), translation.flag());
                done(CurrentCommand.DROP_DATABASE, 0);
            }
            case WAITFOR -> {
                session.sleep(translation.number());
                done(CurrentCommand.OTHER, 0);
            }
            case PRINT -> {
                Object[] values = evaluate(translation);
                out.message(new SqlMessage(0, 1, 0, String.valueOf(values[0]), session.instanceName(), "",
                        statement.line()));
                done(CurrentCommand.OTHER, 0);
            }
            case RAISERROR -> raiseError(statement, translation);
            case THROW -> {
                Object[] values = evaluate(translation);
                throw new SqlServerException(((Number) values[0]).intValue(), 16, ((Number) values[2]).intValue(),
                        String.valueOf(values[1]), true, null);
            }
            case UNPREPARE -> {
                session.handles().remove((int) translation.number());
                done(CurrentCommand.OTHER, 0);
            }
            case EXEC_DYNAMIC -> {
                Object[] values = evaluate(translation);
                new BatchExecutor(session, out, doneToken, Bindings.NONE).run(String.valueOf(values[0]));
            }
            case RETURN -> stopped = true;
            default -> throw new IllegalStateException("unhandled " + translation.kind());
        }
    }

    private void runH2(String tsql, String sql, Translation translation) throws SQLException {
        PreparedStatement statement = prepare(sql, translation);
        try {
            boolean hasRows = statement.execute();
            int command = Commands.of(tsql);
            if (hasRows) {
                long count = 0;
                try (ResultSet rows = statement.getResultSet()) {
                    ResultColumns columns = ResultColumns.describe(rows.getMetaData());
                    out.columns(columns.columns());
                    while (rows.next()) {
                        session.checkCancelled();
                        out.row(columns.columns(), columns.read(rows));
                        count++;
                    }
                }
                session.lastRowCount(count);
                done(CurrentCommand.SELECT, count);
            } else {
                long count = statement.getLargeUpdateCount();
                if (translation.countsRows()) {
                    session.lastRowCount(count);
                    done(command, count);
                } else {
                    session.lastRowCount(0);
                    done(command == CurrentCommand.SELECT ? CurrentCommand.OTHER : command, 0);
                }
            }
        } catch (SQLException e) {
            session.statements().evict(sql);
            throw e;
        } finally {
            session.running(null);
        }
    }

    private PreparedStatement prepare(String sql, Translation translation) throws SQLException {
        PreparedStatement statement = session.statements().get(session.connection(), sql);
        List<String> order = translation.parameterOrder();
        for (int i = 0; i < order.size(); i++) {
            bind(statement, i + 1, bindings.value(order.get(i)));
        }
        session.running(statement);
        session.checkCancelled();
        return statement;
    }

    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof BigDecimal decimal) {
            statement.setBigDecimal(index, decimal);
        } else {
            statement.setObject(index, value);
        }
    }

    private Object[] evaluate(Translation translation) throws SQLException {
        PreparedStatement statement = prepare(translation.sql(), translation);
        try (ResultSet rows = statement.executeQuery()) {
            int count = rows.getMetaData().getColumnCount();
            Object[] values = new Object[count];
            if (rows.next()) {
                for (int i = 0; i < count; i++) {
                    values[i] = rows.getObject(i + 1);
                }
            }
            return values;
        } finally {
            session.running(null);
        }
    }

    /** SELECT @a = x, @b = y ...: the last row's values go into the variables. */
    private void selectAssign(Translation translation) throws SQLException {
        startImplicitTransaction(translation.sql());
        PreparedStatement statement = prepare(translation.sql(), translation);
        Object[] last = null;
        long count = 0;
        try (ResultSet rows = statement.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                last = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    last[i] = rows.getObject(i + 1);
                }
                count++;
            }
        } finally {
            session.running(null);
        }
        if (last != null) {
            List<String> names = translation.variablesDeclared();
            for (int i = 0; i < names.size(); i++) {
                PreparedStatement assign = session.statements().get(session.connection(),
                        "SET @" + names.get(i).substring(1) + " = ?");
                bind(assign, 1, last[i]);
                assign.execute();
            }
        }
        session.lastRowCount(count);
        done(CurrentCommand.SELECT, count);
    }

    private void raiseError(BatchNode.Statement statement, Translation translation) throws SQLException {
        Object[] values = evaluate(translation);
        String text = format(String.valueOf(values[0]), values);
        int severity = ((Number) values[1]).intValue();
        int state = ((Number) values[2]).intValue();
        if (severity <= 10) {
            out.message(new SqlMessage(50000, state, severity, text, session.instanceName(), "",
                    statement.line()));
            done(CurrentCommand.OTHER, 0);
            return;
        }
        throw new SqlServerException(50000, Math.min(severity, 18), state, text, false, null);
    }

    /** RAISERROR's printf-like substitution of %s, %d and %i by the arguments after the state. */
    static String format(String template, Object[] values) {
        StringBuilder text = new StringBuilder();
        int argument = 3;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char kind = template.charAt(i + 1);
                if (kind == '%') {
                    text.append('%');
                    i++;
                    continue;
                }
                if ((kind == 's' || kind == 'd' || kind == 'i' || kind == 'u') && argument < values.length) {
                    text.append(values[argument++]);
                    i++;
                    continue;
                }
            }
            text.append(c);
        }
        return text.toString();
    }

    private void use(String name) throws SQLException {
        DatabaseInfo target = session.engine().catalog().find(name)
                .orElseThrow(() -> SqlError.DATABASE_NOT_FOUND.exception(name));
        String previous = session.databaseName();
        session.use(target);
        out.envChangeText(EnvChangeType.DATABASE, target.name(), previous);
        out.message(new SqlMessage(SqlError.CHANGED_DATABASE.number(), 1, 0,
                SqlError.CHANGED_DATABASE.format(target.name()), session.instanceName(), "", 1));
        done(CurrentCommand.OTHER, 0);
    }

    /** With IMPLICIT_TRANSACTIONS ON (how mssql-jdbc implements setAutoCommit(false)), data access opens a transaction. */
    private void startImplicitTransaction(String tsql) throws SQLException {
        if (!session.implicitTransactions() || session.transaction().active()) {
            return;
        }
        String upper = tsql.stripLeading().toUpperCase(Locale.ROOT);
        boolean dataAccess = upper.startsWith("INSERT") || upper.startsWith("UPDATE") || upper.startsWith("DELETE")
                || upper.startsWith("MERGE") || upper.startsWith("CREATE") || upper.startsWith("ALTER")
                || upper.startsWith("DROP") || upper.startsWith("TRUNCATE")
                || ((upper.startsWith("SELECT") || upper.startsWith("WITH")) && upper.contains("FROM"));
        if (dataAccess) {
            session.transaction().begin(session.connection(), null, out);
        }
    }

    private void checkVariables(Translation translation) {
        for (String variable : translation.variablesUsed()) {
            if (!declared.contains(variable) && !translation.variablesDeclared().contains(variable)) {
                throw SqlError.MUST_DECLARE_VARIABLE.exception(variable);
            }
        }
    }

    private void done(int command, long count) {
        boolean counts = command == CurrentCommand.SELECT || command == CurrentCommand.INSERT
                || command == CurrentCommand.UPDATE || command == CurrentCommand.DELETE
                || command == CurrentCommand.MERGE;
        int status = counts && !session.noCount() ? DoneStatus.COUNT : 0;
        if (session.transaction().active()) {
            status |= DoneStatus.IN_TRANSACTION;
        }
        out.done(doneToken, status, command, counts ? count : 0);
    }

    private void report(SqlServerException error, int statementLine) {
        session.lastError(error.number());
        out.message(new SqlMessage(error.number(), error.state(), error.severity(), error.getMessage(),
                session.instanceName(), "", statementLine + error.lineOffset()));
        out.done(doneToken, DoneStatus.ERROR | (session.transaction().active() ? DoneStatus.IN_TRANSACTION : 0),
                CurrentCommand.OTHER, 0);
        if (error.abortsBatch()) {
            stopped = true;
        }
    }

    private void throwIfCancelled(SQLException e) {
        if (session.cancelled() || e.getErrorCode() == ErrorCode.STATEMENT_WAS_CANCELED) {
            throw new CancelledException();
        }
    }
}
