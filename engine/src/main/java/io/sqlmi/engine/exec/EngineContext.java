package io.sqlmi.engine.exec;

import io.sqlmi.engine.catalog.DatabaseCatalog;
import java.util.List;

/** What a session needs from the engine that runs it. */
public interface EngineContext {
    String instanceName();

    DatabaseCatalog catalog();

    Translations translations();

    /** Whether this engine is a readable secondary: every write fails with 3906. */
    boolean readOnly();

    /** Rows of sys.dm_exec_connections for all sessions. */
    List<Object[]> connectionRows();
}
