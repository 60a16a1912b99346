package io.sqlmi.engine.exec;

import io.sqlmi.engine.sql.BatchNode;
import io.sqlmi.engine.sql.BatchSplitter;
import io.sqlmi.engine.sql.StatementKind;
import io.sqlmi.engine.sql.Translation;
import io.sqlmi.engine.sql.TsqlTranslator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Engine-wide caches of split batches and translated statements: applications send the same
 * texts over and over. Bounded by emptying when full, which is cheap and rare.
 */
public final class Translations {
    private static final int CAPACITY = 4096;

    private final Map<String, List<BatchNode>> batches = new ConcurrentHashMap<>();
    private final Map<Key, Translation> statements = new ConcurrentHashMap<>();

    private record Key(StatementKind kind, String text, Map<String, String> parameterTypes, Set<String> outputs) {
    }

    public List<BatchNode> split(String batch) {
        List<BatchNode> nodes = batches.get(batch);
        if (nodes == null) {
            nodes = BatchSplitter.split(batch);
            if (batches.size() >= CAPACITY) {
                batches.clear();
            }
            batches.put(batch, nodes);
        }
        return nodes;
    }

    public Translation translate(StatementKind kind, String statement, Map<String, String> parameterTypes,
            Set<String> outputs) {
        Key key = new Key(kind, statement, parameterTypes, outputs);
        Translation translation = statements.get(key);
        if (translation == null) {
            translation = TsqlTranslator.translate(kind, statement, parameterTypes, outputs);
            if (statements.size() >= CAPACITY) {
                statements.clear();
            }
            statements.put(key, translation);
        }
        return translation;
    }
}
