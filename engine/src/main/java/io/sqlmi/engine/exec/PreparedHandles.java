package io.sqlmi.engine.exec;

import io.sqlmi.engine.errors.SqlError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * sp_prepare handles of one session. The statements themselves are cached as H2 prepared
 * statements by {@link StatementCache}; a handle keeps the text and parameter list. At most
 * {@link #MAX_HANDLES} live at once per session (the oldest is forgotten), to bound memory.
 */
public final class PreparedHandles {
    public static final int MAX_HANDLES = 10_000;

    /** What a handle stands for. */
    public record Prepared(String statement, ParameterDeclarations declarations) {
    }

    private final Map<Integer, Prepared> handles = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Prepared> eldest) {
            return size() > MAX_HANDLES;
        }
    };
    private int nextHandle = 1;

    public int add(String statement, ParameterDeclarations declarations) {
        int handle = nextHandle++;
        handles.put(handle, new Prepared(statement, declarations));
        return handle;
    }

    public Prepared get(int handle) {
        Prepared prepared = handles.get(handle);
        if (prepared == null) {
            throw SqlError.PREPARED_HANDLE_NOT_FOUND.exception(handle);
        }
        return prepared;
    }

    public void remove(int handle) {
        if (handles.remove(handle) == null) {
            throw SqlError.PREPARED_HANDLE_NOT_FOUND.exception(handle);
        }
    }

    public void clear() {
        handles.clear();
    }
}
