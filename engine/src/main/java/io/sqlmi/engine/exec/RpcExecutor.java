package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.errors.SqlServerException;
import io.sqlmi.tds.request.ProcedureId;
import io.sqlmi.tds.request.RpcParameter;
import io.sqlmi.tds.request.RpcRequest;
import io.sqlmi.tds.token.CurrentCommand;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.types.ColumnType;
import java.util.List;

/**
 * Runs RPC requests: the prepared-statement procedures drivers use for parameterised queries
 * (sp_executesql, sp_prepare, sp_execute, sp_prepexec, sp_unprepare). Each call's statements end
 * with DONEINPROC, then RETURNSTATUS, the handle as RETURNVALUE where there is one, and DONEPROC.
 */
public final class RpcExecutor {
    /** RETURNSTATUS of a procedure whose statements failed; SQL Server's sp_executesql returns a negative value too. */
    private static final int FAILED = -6;

    private final SessionState session;
    private final ResponseWriter out;

    public RpcExecutor(SessionState session, ResponseWriter out) {
        this.session = session;
        this.out = out;
    }

    public void run(List<RpcRequest> calls) {
        for (int i = 0; i < calls.size(); i++) {
            session.checkCancelled();
            boolean last = i == calls.size() - 1;
            boolean clean = runOne(calls.get(i));
            int status = (last ? 0 : DoneStatus.MORE | DoneStatus.RPC_IN_BATCH) | (clean ? 0 : DoneStatus.ERROR);
            out.done(TokenType.DONEPROC, status, CurrentCommand.EXECUTE, 0);
        }
    }

    private boolean runOne(RpcRequest call) {
        List<RpcParameter> parameters = call.parameters();
        try {
            switch (call.wellKnownId()) {
                case ProcedureId.SP_EXECUTESQL -> {
                    String statement = text(parameters, 0);
                    ParameterDeclarations declarations = ParameterDeclarations.parse(optionalText(parameters, 1));
                    boolean clean = execute(statement, declarations, parameters.subList(Math.min(2,
                            parameters.size()), parameters.size()));
                    out.returnStatus(clean ? 0 : FAILED);
                    returnOutputs(2);
                    return clean;
                }
                case ProcedureId.SP_PREPARE -> {
                    ParameterDeclarations declarations = ParameterDeclarations.parse(optionalText(parameters, 1));
                    String statement = text(parameters, 2);
                    session.engine().translations().split(statement);
                    int handle = session.handles().add(statement, declarations);
                    out.returnStatus(0);
                    returnHandle(parameters.get(0), handle);
                    return true;
                }
                case ProcedureId.SP_PREPEXEC -> {
                    ParameterDeclarations declarations = ParameterDeclarations.parse(optionalText(parameters, 1));
                    String statement = text(parameters, 2);
                    int handle = session.handles().add(statement, declarations);
                    boolean clean = execute(statement, declarations, parameters.subList(3, parameters.size()));
                    out.returnStatus(clean ? 0 : FAILED);
                    returnHandle(parameters.get(0), handle);
                    returnOutputs(3);
                    return clean;
                }
                case ProcedureId.SP_EXECUTE -> {
                    PreparedHandles.Prepared prepared = session.handles().get(handleOf(parameters));
                    boolean clean = execute(prepared.statement(), prepared.declarations(),
                            parameters.subList(1, parameters.size()));
                    out.returnStatus(clean ? 0 : FAILED);
                    returnOutputs(1);
                    return clean;
                }
                case ProcedureId.SP_UNPREPARE -> {
                    session.handles().remove(handleOf(parameters));
                    out.returnStatus(0);
                    return true;
                }
                default -> {
                    if (call.wellKnownId() != 0) {
                        throw SqlError.NOT_SUPPORTED.exception(call.name());
                    }
                    throw SqlError.PROCEDURE_NOT_FOUND.exception(call.name());
                }
            }
        } catch (SqlServerException e) {
            session.lastError(e.number());
            out.message(new SqlMessage(e.number(), e.state(), e.severity(), e.getMessage(), session.instanceName(),
                    call.name(), 1));
            return false;
        }
    }

    /**
     * Runs the statement with the values the call supplied; OUTPUT parameters the caller passed by
     * reference come back as RETURNVALUE tokens (after the call's RETURNSTATUS, in the caller's order).
     */
    private boolean execute(String statement, ParameterDeclarations declarations, List<RpcParameter> values) {
        List<Bindings.Supplied> supplied = new java.util.ArrayList<>(values.size());
        for (RpcParameter value : values) {
            supplied.add(new Bindings.Supplied(value.name(), value.value()));
        }
        Bindings bindings = Bindings.of(declarations, supplied);
        BatchExecutor executor = new BatchExecutor(session, out, TokenType.DONEINPROC, bindings);
        boolean clean = executor.run(statement);
        pendingOutputs.clear();
        if (!declarations.outputs().isEmpty()) {
            java.util.Map<String, Object> outputs;
            try {
                outputs = executor.outputValues();
            } catch (java.sql.SQLException e) {
                throw SqlError.USER_ERROR.exception(e.getMessage());
            }
            for (int i = 0; i < values.size(); i++) {
                String name = Bindings.boundName(declarations, supplied, i);
                if (values.get(i).output() && name != null && outputs.containsKey(name)) {
                    pendingOutputs.add(new Output(i, values.get(i), outputs.get(name)));
                }
            }
        }
        return clean;
    }

    /** An OUTPUT parameter's value, sent after the call's RETURNSTATUS. */
    private record Output(int index, RpcParameter parameter, Object value) {
    }

    private final List<Output> pendingOutputs = new java.util.ArrayList<>();

    private void returnOutputs(int firstOrdinal) {
        for (Output output : pendingOutputs) {
            ColumnType type = OutputValues.returnType(output.parameter().type());
            out.returnValue(firstOrdinal + output.index(), output.parameter().name(), type, OutputValues.coerce(output.value(), type));
        }
        pendingOutputs.clear();
    }

    private void returnHandle(RpcParameter handleParameter, int handle) {
        out.returnValue(0, handleParameter.name(), ColumnType.integer(4), handle);
    }

    private static int handleOf(List<RpcParameter> parameters) {
        if (parameters.isEmpty() || !(parameters.get(0).value() instanceof Number number)) {
            throw SqlError.INCORRECT_SYNTAX.exception("handle");
        }
        return number.intValue();
    }

    private static String text(List<RpcParameter> parameters, int index) {
        String value = optionalText(parameters, index);
        if (value == null) {
            throw SqlError.INCORRECT_SYNTAX.exception("parameter " + (index + 1));
        }
        return value;
    }

    private static String optionalText(List<RpcParameter> parameters, int index) {
        if (index >= parameters.size() || parameters.get(index).value() == null) {
            return null;
        }
        Object value = parameters.get(index).value();
        return value instanceof String text ? text : String.valueOf(value);
    }
}
