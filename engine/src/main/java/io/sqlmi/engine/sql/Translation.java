package io.sqlmi.engine.sql;

import java.util.List;
import java.util.Set;

/**
 * What one T-SQL statement becomes: either SQL for H2 ({@link Kind#H2}), or an action the engine
 * performs itself (transactions, database switches, session options, messages).
 *
 * @param h2Sql H2 statements to run in order (several for DECLARE), or the expression(s) an action evaluates
 * @param name database, transaction, savepoint or procedure name, when the kind has one
 * @param parameterOrder for each '?' in {@code h2Sql}, the name of the declared parameter it stands for
 * @param variablesUsed local @variables the statement reads (each must have been declared in the batch)
 * @param variablesDeclared local @variables the statement declares, or assigns in SELECT @v = ...
 * @param countsRows the statement is DML, whose DONE token carries a row count
 * @param number a number the action needs (WAITFOR milliseconds, isolation level, prepared handle)
 * @param flag an on/off the action needs (SET options, DROP DATABASE IF EXISTS)
 */
public record Translation(Kind kind, List<String> h2Sql, String name, List<String> parameterOrder,
        Set<String> variablesUsed, List<String> variablesDeclared, boolean countsRows, long number, boolean flag) {

    public enum Kind {
        H2, SELECT_ASSIGN, BEGIN_TRANSACTION, COMMIT, ROLLBACK, SAVE_TRANSACTION, SET_NOCOUNT,
        SET_IMPLICIT_TRANSACTIONS, SET_ISOLATION_LEVEL, IGNORED, USE, CREATE_DATABASE, DROP_DATABASE, WAITFOR, PRINT,
        RAISERROR, THROW, UNPREPARE, EXEC_DYNAMIC, RETURN
    }

    public String sql() {
        return h2Sql.isEmpty() ? "" : h2Sql.get(0);
    }

    static Translation action(Kind kind, String name) {
        return new Translation(kind, List.of(), name, List.of(), Set.of(), List.of(), false, 0, false);
    }

    static Translation action(Kind kind, String name, long number, boolean flag) {
        return new Translation(kind, List.of(), name, List.of(), Set.of(), List.of(), false, number, flag);
    }
}
