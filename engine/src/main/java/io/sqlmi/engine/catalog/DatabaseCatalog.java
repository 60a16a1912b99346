package io.sqlmi.engine.catalog;

import io.sqlmi.engine.errors.SqlError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance's databases. Each is an H2 database file under {@code <data dir>/data}, opened in
 * MSSQLServer mode; the list (names as created, ids, creation dates) is kept in
 * {@code data/sqlmi-catalog.properties}, rewritten atomically on every change. System databases
 * get SQL Server's ids 1-4; user databases start at 5.
 */
public final class DatabaseCatalog implements AutoCloseable {
    public static final String MASTER = "master";
    private static final List<String> SYSTEM_DATABASES = List.of("master", "tempdb", "model", "msdb");
    private static final String CATALOG_FILE = "sqlmi-catalog.properties";
    /**
     * WRITE_DELAY=0: a commit reaches the file before the client hears of it, as SQL Server hardens its log
     * before it answers. H2's default (500 ms in the background) loses the last commits, DDL included, when the
     * container is killed.
     */
    private static final String H2_SETTINGS = ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE"
            + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"
            + ";WRITE_DELAY=0";
    private static final org.h2.Driver H2 = new org.h2.Driver();
    /**
     * Per H2 session: dbo as the default schema; T-SQL's non-reserved words that H2 reserves usable as
     * names (H2 still reads them where its syntax expects them); UTC as the session time zone, so
     * that a datetime2 compares with a datetimeoffset as SQL Server compares them (at offset +00:00).
     */
    private static final String SESSION_SETTINGS = "SET SCHEMA dbo; SET SCHEMA_SEARCH_PATH dbo, PUBLIC; "
            + "SET NON_KEYWORDS VALUE, YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, ROW, ROWS, RANGE, LIMIT, INTERVAL, "
            + "ARRAY, QUALIFY, WINDOW, MINUS, OFFSET, GROUPS, ILIKE, REGEXP, UNKNOWN, _ROWID_, ROWNUM, "
            + "CURRENT_CATALOG, CURRENT_SCHEMA, CURRENT_PATH, CURRENT_ROLE, LOCALTIME, LOCALTIMESTAMP, "
            + "SYMMETRIC, ASYMMETRIC, BOTH, LEADING, TRAILING, UESCAPE; SET TIME ZONE 'UTC'";

    private final Path dataDirectory;
    private final Map<String, DatabaseInfo> byName = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> usage = new ConcurrentHashMap<>();
    private final Set<String> initialised = ConcurrentHashMap.newKeySet();

    public DatabaseCatalog(Path instanceDataDir) {
        this.dataDirectory = instanceDataDir.resolve("data");
    }

    public synchronized void open() {
        try {
            Files.createDirectories(dataDirectory);
            Path file = dataDirectory.resolve(CATALOG_FILE);
            if (Files.exists(file)) {
                Properties stored = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    stored.load(in);
                }
                for (String key : stored.stringPropertyNames()) {
                    if (key.endsWith(".name")) {
                        String id = key.substring(3, key.length() - 5);
                        DatabaseInfo info = new DatabaseInfo(stored.getProperty(key), Integer.parseInt(id),
                                stored.getProperty("db." + id + ".file"),
                                LocalDateTime.parse(stored.getProperty("db." + id + ".created")));
                        byName.put(key(info.name()), info);
                    }
                }
            }
            for (int i = 0; i < SYSTEM_DATABASES.size(); i++) {
                String name = SYSTEM_DATABASES.get(i);
                if (!byName.containsKey(name)) {
                    byName.put(name, new DatabaseInfo(name, i + 1, name, LocalDateTime.now()));
                }
            }
            save();
            touch(find(MASTER).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the master database", e);
        }
    }

    public Optional<DatabaseInfo> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(key(name)));
    }

    public Optional<DatabaseInfo> find(int id) {
        return byName.values().stream().filter(db -> db.id() == id).findFirst();
    }

    public List<DatabaseInfo> list() {
        List<DatabaseInfo> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparingInt(DatabaseInfo::id));
        return all;
    }

    public synchronized DatabaseInfo create(String name) {
        if (name.isBlank() || name.length() > 128) {
            throw SqlError.INCORRECT_SYNTAX.exception(name);
        }
        if (byName.containsKey(key(name))) {
            throw SqlError.DATABASE_EXISTS.exception(name);
        }
        int id = byName.values().stream().mapToInt(DatabaseInfo::id).max().orElse(4) + 1;
        DatabaseInfo info = new DatabaseInfo(name, Math.max(5, id), Math.max(5, id) + "_" + safeFileName(name),
                LocalDateTime.now());
        byName.put(key(name), info);
        try {
            save();
            touch(info);
        } catch (IOException | SQLException e) {
            byName.remove(key(name));
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return info;
    }

    public synchronized void drop(String name, boolean ifExists) {
        DatabaseInfo info = byName.get(key(name));
        if (info == null) {
            if (ifExists) {
                return;
            }
            throw SqlError.CANNOT_DROP_DATABASE_MISSING.exception(name);
        }
        if (info.id() <= SYSTEM_DATABASES.size()) {
            throw SqlError.CANNOT_DROP_SYSTEM_DATABASE.exception(name);
        }
        if (usage.getOrDefault(key(name), new AtomicInteger()).get() > 0) {
            throw SqlError.DATABASE_IN_USE.exception(name);
        }
        dropSpares(name);
        shutdownDatabase(info);
        byName.remove(key(name));
        initialised.remove(key(name));
        try {
            save();
            Files.deleteIfExists(dataDirectory.resolve(info.fileName() + ".mv.db"));
            Files.deleteIfExists(dataDirectory.resolve(info.fileName() + ".trace.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens and closes a database, which creates its file and runs its initialisation. */
    private void touch(DatabaseInfo info) throws SQLException {
        Connection connection = connect(info);
        try {
            connection.close();
        } finally {
            release(info);
        }
    }

    /** Fresh connections opened ahead, per database: a login takes one instead of opening it. */
    private final Map<String, java.util.concurrent.ConcurrentLinkedQueue<Connection>> spares = new ConcurrentHashMap<>();
    private static final int SPARES_PER_DATABASE = 2;
    private final java.util.concurrent.ExecutorService refiller = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "sqlmi-connection-refill");
                thread.setDaemon(true);
                thread.setPriority(Thread.MIN_PRIORITY);
                return thread;
            });
    private volatile boolean closing;

    /**
     * Opens a session connection to a database; pair with {@link #release}. A login's connection is
     * one that was opened ahead for it when there is one (never used before, so no state carries over
     * between sessions); the next spare is opened in the background, off the login's path.
     */
    public Connection connect(DatabaseInfo info) throws SQLException {
        java.util.Queue<Connection> ready = spares.get(key(info.name()));
        Connection spare = ready == null ? null : ready.poll();
        if (spare != null) {
            usage.computeIfAbsent(key(info.name()), k -> new AtomicInteger()).incrementAndGet();
            refill(info);
            return spare;
        }
        Connection connection = open(info);
        usage.computeIfAbsent(key(info.name()), k -> new AtomicInteger()).incrementAndGet();
        refill(info);
        return connection;
    }

    private void refill(DatabaseInfo info) {
        if (closing) {
            return;
        }
        try {
            refiller.execute(() -> {
                java.util.Queue<Connection> ready = spares.computeIfAbsent(key(info.name()),
                        k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
                while (!closing && ready.size() < SPARES_PER_DATABASE && byName.containsKey(key(info.name()))) {
                    try {
                        ready.add(open(info));
                    } catch (SQLException e) {
                        return;
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the engine is stopping
        }
    }

    /** Closes the connections opened ahead for a database (before it is dropped or closed). */
    private void dropSpares(String name) {
        java.util.Queue<Connection> ready = spares.remove(key(name));
        if (ready != null) {
            for (Connection connection : ready) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing what nobody used
                }
            }
        }
    }

    private Connection open(DatabaseInfo info) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sqlmi");
        credentials.setProperty("password", "");
        Connection connection = H2.connect(url(info), credentials);
        try {
            if (initialised.add(key(info.name()))) {
                try {
                    initialise(connection);
                } catch (SQLException e) {
                    initialised.remove(key(info.name()));
                    throw e;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(SESSION_SETTINGS);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    public void release(DatabaseInfo info) {
        AtomicInteger count = usage.get(key(info.name()));
        if (count != null) {
            count.decrementAndGet();
        }
    }

    /**
     * See {@link SystemObjects}. The statements' hash is kept as the remark of the engine's
     * INFORMATION_SCHEMA, so that a database initialised by this engine version is not initialised
     * again at the next start (most of a start's time otherwise); a different engine redoes it.
     */
    private static void initialise(Connection connection) throws SQLException {
        List<String> statements = SystemObjects.statements();
        String stamp = "sqlmi " + Integer.toHexString(String.join("\n", statements).hashCode());
        try (Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT REMARKS FROM INFORMATION_SCHEMA.SCHEMATA "
                    + "WHERE SCHEMA_NAME = 'SQLMI_INFORMATION_SCHEMA'")) {
                if (rows.next() && stamp.equals(rows.getString(1))) {
                    return;
                }
            }
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("COMMENT ON SCHEMA SQLMI_INFORMATION_SCHEMA IS '" + stamp + "'");
        }
    }

    /** Flushes and closes every database file: the end of a graceful shutdown. */
    @Override
    public synchronized void close() {
        closing = true;
        refiller.shutdownNow();
        for (String name : new java.util.ArrayList<>(spares.keySet())) {
            dropSpares(name);
        }
        for (DatabaseInfo info : byName.values()) {
            if (initialised.contains(key(info.name()))) {
                shutdownDatabase(info);
            }
        }
        initialised.clear();
    }

    private void shutdownDatabase(DatabaseInfo info) {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sqlmi");
        credentials.setProperty("password", "");
        try (Connection connection = H2.connect(url(info) + ";IFEXISTS=TRUE", credentials);
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // not open, or already closed: nothing to flush
        }
    }

    private String url(DatabaseInfo info) {
        return "jdbc:h2:file:" + dataDirectory.resolve(info.fileName()).toAbsolutePath() + H2_SETTINGS;
    }

    private void save() throws IOException {
        Properties stored = new Properties();
        for (DatabaseInfo info : byName.values()) {
            stored.setProperty("db." + info.id() + ".name", info.name());
            stored.setProperty("db." + info.id() + ".file", info.fileName());
            stored.setProperty("db." + info.id() + ".created", info.created().toString());
        }
        Path temporary = dataDirectory.resolve(CATALOG_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            stored.store(out, "sqlmi-engine databases");
        }
        Files.move(temporary, dataDirectory.resolve(CATALOG_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String safeFileName(String name) {
        StringBuilder safe = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            safe.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' ? c : '_');
        }
        return safe.toString();
    }
}
