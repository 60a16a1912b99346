package io.sqlmi.engine.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What one T-SQL statement becomes. Each kind of outcome is its own record with exactly the fields
 * it needs; the executor handles every kind through {@link Visitor}, so a new kind cannot be
 * forgotten. {@link Sql} is H2 text with what it needs at run time.
 */
public sealed interface Translation {
    void accept(Visitor visitor) throws SQLException;

    /**
     * H2 SQL and its inputs.
     *
     * @param text the H2 statement or expression list
     * @param parameters for each '?' in {@code text}, the declared parameter it stands for (upper case)
     * @param reads local @variables it reads (each must be declared earlier in the batch)
     */
    record Sql(String text, List<String> parameters, Set<String> reads) {
        public static Sql of(String text) {
            return new Sql(text, List.of(), Set.of());
        }
    }

    /** Where a parameter's value is stored into a column, for conversions that depend on the column's type. */
    record Assignment(int parameterIndex, String table, String column) {
    }

    /**
     * A statement H2 runs: a query, DML, DDL. {@code objectWord} refines the DONE token's current
     * command (CREATE TABLE, DROP VIEW, ...).
     */
    record Run(StatementKind kind, String objectWord, Sql sql, List<Assignment> assignments) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.run(this);
        }
    }

    /** DECLARE: H2 statements setting each variable to its (cast) initial value; the variables and their H2 types. */
    record Declare(List<Sql> assignments, List<String> declared, List<String> types) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.declare(this);
        }
    }

    /** SET @v = expr: {@code value} is the expression, cast by the executor to the variable's declared type. */
    record AssignVariable(String variable, Sql value) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.assignVariable(this);
        }
    }

    /** SELECT @a = x, @b = y FROM ...: the query without the targets; the last row's values go into them. */
    record SelectIntoVariables(Sql query, List<String> variables) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.selectIntoVariables(this);
        }
    }

    /** SET NOCOUNT, IMPLICIT_TRANSACTIONS, XACT_ABORT...: a session option the engine keeps or ignores. */
    record SessionOption(List<String> options, boolean on) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.sessionOption(this);
        }
    }

    /** SET TRANSACTION ISOLATION LEVEL, as a java.sql.Connection level. */
    record IsolationLevel(int level) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.isolationLevel(this);
        }
    }

    /** BEGIN / COMMIT / ROLLBACK / SAVE TRANSACTION, with the optional name. */
    record Transaction(Step step, String name) implements Translation {
        public enum Step { BEGIN, COMMIT, ROLLBACK, SAVE }

        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.transaction(this);
        }
    }

    /** USE, CREATE DATABASE, DROP DATABASE [IF EXISTS]. */
    record Database(Action action, String name, boolean ifExists) implements Translation {
        public enum Action { USE, CREATE, DROP }

        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.database(this);
        }
    }

    /** PRINT, RAISERROR, THROW: {@code arguments} is a one-row query of the message's parts. */
    record Message(Kind kind, Sql arguments, int line) implements Translation {
        public enum Kind { PRINT, RAISERROR, THROW }

        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.message(this);
        }
    }

    /** WAITFOR DELAY. */
    record Wait(long millis) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.waitFor(this);
        }
    }

    /** EXEC ('text'): {@code text} is a one-column query giving the batch to run. */
    record ExecuteText(Sql text) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.executeText(this);
        }
    }

    /**
     * EXEC of a system procedure the engine implements (sp_executesql, sp_unprepare, sp_getapplock...):
     * {@code arguments} is a one-row query of the argument values, in order.
     *
     * @param names the argument names as written (null where positional)
     * @param outputs for each argument, the caller's @variable that receives its OUTPUT value, or null
     * @param statusVariable the @variable of EXEC @v = procedure, or null
     */
    record ExecuteProcedure(String procedure, Sql arguments, List<String> names, List<String> outputs,
            String statusVariable) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.executeProcedure(this);
        }
    }

    /** RETURN: ends the batch. */
    record Return() implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.returnFromBatch(this);
        }
    }

    /** Accepted with nothing to do (GRANT, CHECKPOINT, ALTER DATABASE, SET ANSI_NULLS ...). */
    record Ignored(String what) implements Translation {
        @Override
        public void accept(Visitor visitor) throws SQLException {
            visitor.ignored(this);
        }
    }

    /** One method per kind of translation. */
    interface Visitor {
        void run(Run run) throws SQLException;

        void declare(Declare declare) throws SQLException;

        void assignVariable(AssignVariable assign) throws SQLException;

        void selectIntoVariables(SelectIntoVariables select) throws SQLException;

        void sessionOption(SessionOption option) throws SQLException;

        void isolationLevel(IsolationLevel level) throws SQLException;

        void transaction(Transaction transaction) throws SQLException;

        void database(Database database) throws SQLException;

        void message(Message message) throws SQLException;

        void waitFor(Wait wait) throws SQLException;

        void executeText(ExecuteText execute) throws SQLException;

        void executeProcedure(ExecuteProcedure execute) throws SQLException;

        void returnFromBatch(Return ret) throws SQLException;

        void ignored(Ignored ignored) throws SQLException;
    }
}
