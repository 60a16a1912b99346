package io.sqlmi.engine.exec;

import io.sqlmi.engine.sql.BatchNode;
import io.sqlmi.engine.sql.BatchParser;
import io.sqlmi.engine.sql.Translation;
import io.sqlmi.engine.sql.TsqlTranslator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Engine-wide caches of parsed batches and translated statements: applications send the same
 * texts over and over. Bounded by emptying when full, which is cheap and rare.
 */
public final class Translations {
    private static final int CAPACITY = 4096;

    private final Map<String, List<BatchNode>> batches = new ConcurrentHashMap<>();
    private final Map<TranslationKey, Translation> statements = new ConcurrentHashMap<>();

    private record TranslationKey(String text, Map<String, String> parameterTypes) {
    }

    public List<BatchNode> parse(String batch) {
        List<BatchNode> nodes = batches.get(batch);
        if (nodes == null) {
            nodes = BatchParser.parse(batch);
            if (batches.size() >= CAPACITY) {
                batches.clear();
            }
            batches.put(batch, nodes);
        }
        return nodes;
    }

    public Translation translate(String statement, Map<String, String> parameterTypes) {
        TranslationKey key = new TranslationKey(statement, parameterTypes);
        Translation translation = statements.get(key);
        if (translation == null) {
            translation = TsqlTranslator.translate(statement, parameterTypes);
            if (statements.size() >= CAPACITY) {
                statements.clear();
            }
            statements.put(key, translation);
        }
        return translation;
    }
}
