package io.sqlmi.engine.exec;

import io.sqlmi.engine.catalog.DatabaseInfo;
import io.sqlmi.engine.errors.H2ErrorMapping;
import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.errors.SqlServerException;
import io.sqlmi.engine.sql.BatchNode;
import io.sqlmi.engine.sql.StatementKind;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.h2.api.ErrorCode;

/**
 * Runs the statements of one batch (or of one sp_executesql / sp_execute text) against the
 * session's H2 connection and writes their results: COLMETADATA and rows for queries, a DONE per
 * statement (DONEINPROC inside an RPC), ERROR tokens with SQL Server numbers and the batch line.
 * A statement-terminating error lets the batch go on; a batch-aborting one stops it, and so does
 * any error under SET XACT_ABORT ON, which also rolls the transaction back.
 */
public final class BatchExecutor implements Translation.Visitor {
    private final SessionState session;
    private final ResponseWriter out;
    private final int doneToken;
    private final Bindings bindings;
    /** Variables declared so far (and OUTPUT parameters), with their H2 types. */
    private final Map<String, String> declared = new HashMap<>();
    private boolean stopped;
    private BatchNode.Statement current;

    public BatchExecutor(SessionState session, ResponseWriter out, int doneToken, Bindings bindings) {
        this.session = session;
        this.out = out;
        this.doneToken = doneToken;
        this.bindings = bindings;
        for (String output : bindings.declarations().outputs()) {
            declared.put(output, bindings.declarations().h2Types().get(output));
        }
    }

    /** Splits and runs a batch; returns false when an error occurred. */
    public boolean run(String batch) {
        List<BatchNode> nodes;
        try {
            nodes = session.engine().translations().split(batch);
            initialiseOutputs();
        } catch (SqlServerException e) {
            report(e, 1);
            return false;
        } catch (SQLException e) {
            report(H2ErrorMapping.map(e, batch, session.databaseName()), 1);
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

    /** OUTPUT parameters live as session variables: they start with the value the caller passed (or NULL). */
    private void initialiseOutputs() throws SQLException {
        for (String output : bindings.declarations().outputs()) {
            assign(output, bindings.valueOrNull(output));
        }
    }

    /** The values of the OUTPUT parameters after the batch ran, by upper-case name. */
    public Map<String, Object> outputValues() throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String output : bindings.declarations().outputs()) {
            values.put(output, variable(output));
        }
        return values;
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
            Translation.Run translation = (Translation.Run) translate(StatementKind.QUERY, query);
            checkVariables(translation.sql().reads(), List.of());
            PreparedStatement statement = prepare(translation.sql(), List.of());
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

    private Translation translate(StatementKind kind, String text) {
        return session.engine().translations().translate(kind, text, bindings.declarations().markerTypes(),
                bindings.declarations().outputs());
    }

    private boolean runStatement(BatchNode.Statement statement) {
        current = statement;
        try {
            translate(statement.kind(), statement.text()).accept(this);
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

    // ------------------------------------------------------------------ the visitor: one method per translation

    @Override
    public void run(Translation.Run run) throws SQLException {
        checkVariables(run.sql().reads(), List.of());
        if (session.readOnly() && writes(run.kind())) {
            throw SqlError.READ_ONLY_DATABASE.exception(session.databaseName());
        }
        if (run.kind().touchesData() && (run.kind() != StatementKind.QUERY
                || current.text().toUpperCase(Locale.ROOT).contains("FROM"))) {
            startImplicitTransaction();
        }
        PreparedStatement statement = prepare(run.sql(), run.assignments());
        int command = run.kind().command(run.objectWord());
        try {
            if (statement.execute()) {
                long count;
                try (ResultSet rows = statement.getResultSet()) {
                    count = sendRows(rows);
                }
                session.lastRowCount(count);
                done(run.kind() == StatementKind.QUERY ? CurrentCommand.SELECT : command, count);
            } else {
                long count = statement.getLargeUpdateCount();
                session.lastRowCount(run.kind().countsRows() ? count : 0);
                done(command, run.kind().countsRows() ? count : 0);
            }
        } catch (SQLException e) {
            session.statements().evict(run.sql().text());
            throw e;
        } finally {
            session.running(null);
            if (!run.kind().countsRows() && run.kind() != StatementKind.QUERY) {
                session.schemaChanged();
            }
        }
    }

    private static boolean writes(StatementKind kind) {
        return switch (kind) {
            case INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP, TRUNCATE -> true;
            default -> false;
        };
    }

    /** Streams a result set; decimal columns whose scale H2 leaves open take it from the first values. */
    private long sendRows(ResultSet rows) throws SQLException {
        ResultColumns columns = ResultColumns.describe(rows.getMetaData());
        List<Object[]> held = new ArrayList<>();
        boolean exhausted = false;
        if (columns.needsValues()) {
            while (held.size() < ResultColumns.SCALE_SAMPLE_ROWS) {
                if (!rows.next()) {
                    exhausted = true;
                    break;
                }
                Object[] row = columns.read(rows);
                held.add(row);
                if (columns.settle(row)) {
                    break;
                }
            }
            columns = columns.settled();
        }
        out.columns(columns.columns());
        long count = 0;
        for (Object[] row : held) {
            out.row(columns.columns(), row);
            count++;
        }
        while (!exhausted && rows.next()) {
            session.checkCancelled();
            out.row(columns.columns(), columns.read(rows));
            count++;
        }
        return count;
    }

    @Override
    public void declare(Translation.Declare declare) throws SQLException {
        checkVariables(reads(declare.assignments()), declare.declared());
        for (int i = 0; i < declare.assignments().size(); i++) {
            Translation.Sql assignment = declare.assignments().get(i);
            PreparedStatement statement = prepare(assignment, List.of());
            try {
                statement.execute();
            } finally {
                session.running(null);
            }
            declared.put(declare.declared().get(i), declare.types().get(i));
        }
        done(CurrentCommand.OTHER, 0);
    }

    private static java.util.Set<String> reads(List<Translation.Sql> all) {
        java.util.Set<String> reads = new java.util.HashSet<>();
        all.forEach(sql -> reads.addAll(sql.reads()));
        return reads;
    }

    @Override
    public void assignVariable(Translation.AssignVariable assign) throws SQLException {
        checkVariables(assign.value().reads(), List.of());
        String type = declared.get(assign.variable());
        String target = "@" + assign.variable().substring(1);
        String text = "SET " + target + " = " + (type == null ? assign.value().text()
                : "CAST((" + assign.value().text() + ") AS " + type + ")");
        PreparedStatement statement = prepare(new Translation.Sql(text, assign.value().parameters(),
                assign.value().reads()), List.of());
        try {
            statement.execute();
        } finally {
            session.running(null);
        }
        done(CurrentCommand.OTHER, 0);
    }

    /** SELECT @a = x, @b = y ...: the last row's values go into the variables. */
    @Override
    public void selectIntoVariables(Translation.SelectIntoVariables select) throws SQLException {
        checkVariables(select.query().reads(), List.of());
        if (current.text().toUpperCase(Locale.ROOT).contains("FROM")) {
            startImplicitTransaction();
        }
        PreparedStatement statement = prepare(select.query(), List.of());
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
            for (int i = 0; i < select.variables().size(); i++) {
                assign(select.variables().get(i), last[i]);
            }
        }
        session.lastRowCount(count);
        done(CurrentCommand.SELECT, count);
    }

    @Override
    public void sessionOption(Translation.SessionOption option) {
        for (String name : option.options()) {
            switch (name) {
                case "NOCOUNT" -> session.noCount(option.on());
                case "IMPLICIT_TRANSACTIONS" -> session.implicitTransactions(option.on());
                case "XACT_ABORT" -> session.xactAbort(option.on());
                default -> throw new IllegalStateException("unhandled option " + name);
            }
        }
        done(CurrentCommand.OTHER, 0);
    }

    @Override
    public void isolationLevel(Translation.IsolationLevel level) throws SQLException {
        session.connection().setTransactionIsolation(level.level());
        done(CurrentCommand.OTHER, 0);
    }

    @Override
    public void transaction(Translation.Transaction transaction) throws SQLException {
        TransactionState state = session.transaction();
        switch (transaction.step()) {
            case BEGIN -> state.begin(session.connection(), transaction.name(), out);
            case COMMIT -> state.commit(session.connection(), out);
            case ROLLBACK -> state.rollback(session.connection(), transaction.name(), out);
            case SAVE -> state.save(session.connection(), transaction.name());
            default -> throw new IllegalStateException();
        }
        done(CurrentCommand.OTHER, 0);
    }

    @Override
    public void database(Translation.Database database) throws SQLException {
        switch (database.action()) {
            case USE -> use(database.name());
            case CREATE -> {
                if (session.readOnly()) {
                    throw SqlError.READ_ONLY_DATABASE.exception(session.databaseName());
                }
                session.engine().catalog().create(database.name());
                done(CurrentCommand.CREATE_DATABASE, 0);
            }
            case DROP -> {
                if (session.readOnly()) {
                    throw SqlError.READ_ONLY_DATABASE.exception(session.databaseName());
                }
                session.engine().catalog().drop(database.name(), database.ifExists());
                done(CurrentCommand.DROP_DATABASE, 0);
            }
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void message(Translation.Message message) throws SQLException {
        checkVariables(message.arguments().reads(), List.of());
        Object[] values = evaluate(message.arguments());
        switch (message.kind()) {
            case PRINT -> {
                out.message(new SqlMessage(0, 1, 0, String.valueOf(values[0]), session.instanceName(), "",
                        current.line()));
                done(CurrentCommand.OTHER, 0);
            }
            case RAISERROR -> {
                String text = format(String.valueOf(values[0]), values);
                int severity = number(values[1]);
                int state = number(values[2]);
                if (severity <= 10) {
                    out.message(new SqlMessage(50000, state, severity, text, session.instanceName(), "",
                            current.line()));
                    done(CurrentCommand.OTHER, 0);
                    return;
                }
                throw new SqlServerException(50000, Math.min(severity, 18), state, text, false, null);
            }
            case THROW -> throw new SqlServerException(number(values[0]), 16, number(values[2]),
                    String.valueOf(values[1]), true, null);
            default -> throw new IllegalStateException();
        }
    }

    private static int number(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw SqlError.CONVERSION_FAILED.exception("'" + value + "' is not a number");
        }
    }

    @Override
    public void waitFor(Translation.Wait wait) {
        session.sleep(wait.millis());
        done(CurrentCommand.OTHER, 0);
    }

    @Override
    public void executeText(Translation.ExecuteText execute) throws SQLException {
        checkVariables(execute.text().reads(), List.of());
        Object[] values = evaluate(execute.text());
        new BatchExecutor(session, out, doneToken, Bindings.NONE).run(String.valueOf(values[0]));
    }

    @Override
    public void executeProcedure(Translation.ExecuteProcedure execute) throws SQLException {
        checkVariables(execute.arguments().reads(), List.of());
        Object[] values = execute.names().isEmpty() ? new Object[0] : evaluate(execute.arguments());
        int status = 0;
        switch (execute.procedure()) {
            case "sp_executesql" -> status = executeSql(execute, values);
            case "sp_unprepare" -> {
                if (values.length != 1) {
                    throw SqlError.INCORRECT_SYNTAX.exception("sp_unprepare");
                }
                session.handles().remove(number(values[0]));
            }
            case "sp_getapplock", "sp_releaseapplock" -> status = 0; // one writer per lock is H2's job here
            default -> throw SqlError.PROCEDURE_NOT_FOUND.exception(execute.procedure());
        }
        if (execute.statusVariable() != null) {
            assign(execute.statusVariable(), status);
        }
        done(CurrentCommand.EXECUTE, 0);
    }

    /** EXEC sp_executesql @stmt [, @params [, value ...]]: a nested batch with its own parameters and outputs. */
    private int executeSql(Translation.ExecuteProcedure execute, Object[] values) throws SQLException {
        String statement = null;
        String declarations = null;
        List<Bindings.Supplied> supplied = new ArrayList<>();
        List<Integer> suppliedAt = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String name = execute.names().get(i);
            if ((name == null && i == 0) || "@STMT".equals(name)) {
                statement = values[i] == null ? null : String.valueOf(values[i]);
            } else if ((name == null && i == 1) || "@PARAMS".equals(name)) {
                declarations = values[i] == null ? null : String.valueOf(values[i]);
            } else {
                supplied.add(new Bindings.Supplied(name, values[i]));
                suppliedAt.add(i);
            }
        }
        if (statement == null) {
            throw SqlError.PARAMETER_NOT_SUPPLIED.exception("@stmt");
        }
        ParameterDeclarations parsed = ParameterDeclarations.parse(declarations);
        BatchExecutor nested = new BatchExecutor(session, out, doneToken, Bindings.of(parsed, supplied));
        boolean clean = nested.run(statement);
        Map<String, Object> outputs = nested.outputValues();
        for (int n = 0; n < supplied.size(); n++) {
            String callerVariable = execute.outputs().get(suppliedAt.get(n));
            String inner = Bindings.boundName(parsed, supplied, n);
            if (callerVariable != null && inner != null && outputs.containsKey(inner)) {
                assign(callerVariable, outputs.get(inner));
            }
        }
        return clean ? 0 : -6;
    }

    @Override
    public void returnFromBatch(Translation.Return ret) {
        stopped = true;
    }

    @Override
    public void ignored(Translation.Ignored ignored) {
        done(CurrentCommand.OTHER, 0);
    }

    // ------------------------------------------------------------------ helpers

    private PreparedStatement prepare(Translation.Sql sql, List<Translation.Assignment> assignments)
            throws SQLException {
        PreparedStatement statement = session.statements().get(session.connection(), sql.text());
        List<String> order = sql.parameters();
        for (int i = 0; i < order.size(); i++) {
            bind(statement, i + 1, bindings.value(order.get(i)));
        }
        for (Translation.Assignment assignment : assignments) {
            Object value = bindings.value(order.get(assignment.parameterIndex()));
            if (value instanceof OffsetDateTime offset && !session.columnKeepsOffset(assignment.table(),
                    assignment.column())) {
                // SQL Server converts datetimeoffset to a type without offset by dropping the offset
                bind(statement, assignment.parameterIndex() + 1, offset.toLocalDateTime());
            }
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

    private Object[] evaluate(Translation.Sql sql) throws SQLException {
        PreparedStatement statement = prepare(sql, List.of());
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

    /** Sets a session variable, cast to its declared type when there is one. */
    private void assign(String variable, Object value) throws SQLException {
        String type = declared.get(variable);
        String text = "SET @" + variable.substring(1) + " = " + (type == null ? "?" : "CAST(? AS " + type + ")");
        PreparedStatement assign = session.statements().get(session.connection(), text);
        bind(assign, 1, value);
        assign.execute();
    }

    private Object variable(String variable) throws SQLException {
        PreparedStatement read = session.statements().get(session.connection(), "SELECT @" + variable.substring(1));
        try (ResultSet rows = read.executeQuery()) {
            return rows.next() ? rows.getObject(1) : null;
        }
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
    private void startImplicitTransaction() throws SQLException {
        if (session.implicitTransactions() && !session.transaction().active()) {
            session.transaction().begin(session.connection(), null, out);
        }
    }

    private void checkVariables(java.util.Set<String> reads, List<String> declaredHere) {
        for (String variable : reads) {
            if (!declared.containsKey(variable) && !declaredHere.contains(variable)) {
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
        if (session.xactAbort() && error.severity() > 10) {
            // XACT_ABORT ON: the error ends the batch and rolls the transaction back
            if (session.transaction().active()) {
                try {
                    session.transaction().rollback(session.connection(), null, out);
                } catch (SQLException ignored) {
                    // the rollback of a broken connection: the session ends anyway
                }
            }
            stopped = true;
        }
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
