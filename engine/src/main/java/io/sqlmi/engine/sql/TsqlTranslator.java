package io.sqlmi.engine.sql;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Translates one statement, as {@link BatchSplitter} cut and classified it, by handing it to the
 * handler of its family. Each handler checks the whole statement: a fixed-shape statement with
 * words left over is a syntax error, never partly run.
 */
public final class TsqlTranslator {
    /** One statement family's translation. */
    @FunctionalInterface
    interface Handler {
        Translation translate(StatementKind kind, Rewriter rewriter);
    }

    private static final Map<StatementKind, Handler> HANDLERS = new EnumMap<>(StatementKind.class);

    static {
        HANDLERS.put(StatementKind.QUERY, QueryStatements::translate);
        for (StatementKind kind : new StatementKind[] {StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE,
            StatementKind.MERGE}) {
            HANDLERS.put(kind, DataChangeStatements::translate);
        }
        for (StatementKind kind : new StatementKind[] {StatementKind.CREATE, StatementKind.ALTER, StatementKind.DROP,
            StatementKind.TRUNCATE, StatementKind.CREATE_DATABASE, StatementKind.ALTER_DATABASE,
            StatementKind.DROP_DATABASE, StatementKind.ROUTINE}) {
            HANDLERS.put(kind, SchemaStatements::translate);
        }
        HANDLERS.put(StatementKind.DECLARE, VariableStatements::translate);
        HANDLERS.put(StatementKind.SET_VARIABLE, VariableStatements::translate);
        HANDLERS.put(StatementKind.SET_OPTION, SessionOptionStatements::translate);
        for (StatementKind kind : new StatementKind[] {StatementKind.BEGIN_TRANSACTION, StatementKind.COMMIT,
            StatementKind.ROLLBACK, StatementKind.SAVE}) {
            HANDLERS.put(kind, TransactionStatements::translate);
        }
        for (StatementKind kind : new StatementKind[] {StatementKind.USE, StatementKind.EXEC, StatementKind.PRINT,
            StatementKind.RAISERROR, StatementKind.THROW, StatementKind.WAITFOR, StatementKind.RETURN,
            StatementKind.PERMISSION, StatementKind.MAINTENANCE, StatementKind.UNSUPPORTED}) {
            HANDLERS.put(kind, ControlStatements::translate);
        }
        for (StatementKind kind : StatementKind.values()) {
            if (!HANDLERS.containsKey(kind)) {
                throw new ExceptionInInitializerError("no handler for " + kind);
            }
        }
    }

    private TsqlTranslator() {
    }

    /** Translates a statement that uses no declared parameters. */
    public static Translation translate(StatementKind kind, String statement) {
        return translate(kind, statement, Map.of(), Set.of());
    }

    /**
     * @param parameterTypes declared parameters by upper-case name ("@P0") with their H2 type (null: untyped)
     * @param outputParameters the declared parameters that are OUTPUT: they live as session variables
     */
    public static Translation translate(StatementKind kind, String statement, Map<String, String> parameterTypes,
            Set<String> outputParameters) {
        Rewriter rewriter = new Rewriter(SqlText.of(statement), parameterTypes, outputParameters);
        return HANDLERS.get(kind).translate(kind, rewriter);
    }

    /** The statement of a batch that holds one statement only, classified by the splitter (tests, IF conditions). */
    public static Translation translate(String statement) {
        java.util.List<BatchNode> nodes = BatchSplitter.split(statement);
        if (nodes.size() != 1 || !(nodes.get(0) instanceof BatchNode.Statement one)) {
            throw new IllegalArgumentException("not one statement: " + statement);
        }
        return translate(one.kind(), one.text());
    }
}
