package io.sqlmi.engine.server;

import io.sqlmi.engine.catalog.DatabaseCatalog;
import io.sqlmi.engine.config.EngineConfig;
import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.exec.EngineContext;
import io.sqlmi.engine.exec.Translations;
import io.sqlmi.engine.health.HealthServer;
import io.sqlmi.engine.tls.ServerCertificate;
import io.sqlmi.engine.tls.TlsIdentity;
import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.token.Tokens;
import io.sqlmi.tds.transport.ServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * The engine: accepts TDS connections, logs them in, serves their sessions, and stops gracefully
 * (no new logins, running requests finish within the grace period, open transactions roll back,
 * every database file is flushed and closed).
 */
public final class SqlEngine implements EngineContext, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SqlEngine.class.getName());
    /** SQL Server numbers user sessions from 51; lower ids belong to system tasks. */
    private static final int FIRST_USER_SPID = 51;
    private static final int LOGIN_TIMEOUT_MILLIS = 30_000;

    private final EngineConfig config;
    private final DatabaseCatalog catalog;
    private final Translations translations = new Translations();
    private final Logins logins;
    private final TlsIdentity tls;
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger nextSpid = new AtomicInteger(FIRST_USER_SPID);
    private final ExecutorService connectionThreads = Executors.newCachedThreadPool(daemonThreads("sqlmi-connection"));
    private final ExecutorService requestThreads = Executors.newCachedThreadPool(daemonThreads("sqlmi-request"));
    private ServerSocket listener;
    private ServerSocket redirectListener;
    private HealthServer health;
    private Thread acceptor;
    private Thread redirectAcceptor;
    private volatile boolean closing;
    private volatile boolean stopped;

    private SqlEngine(EngineConfig config, TlsIdentity tls, DatabaseCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
        this.logins = new Logins(config);
        this.tls = tls;
    }

    public static SqlEngine start(EngineConfig config) throws IOException {
        // the TLS identity (an RSA key to make, or PEM files to read) and the catalog load side by side
        java.util.concurrent.CompletableFuture<TlsIdentity> identity = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> config.tlsCertFile() != null ? TlsIdentity.fromPemFiles(config.tlsCertFile(), config.tlsKeyFile())
                        : TlsIdentity.selfSigned(config.certificateNames(), config.dataDir().resolve("tls")));
        DatabaseCatalog catalog = new DatabaseCatalog(config.dataDir());
        catalog.open();
        TlsIdentity tls;
        try {
            tls = identity.join();
        } catch (java.util.concurrent.CompletionException e) {
            catalog.close();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        SqlEngine engine = new SqlEngine(config, tls, catalog);
        engine.listener = listen(config.tcpPort());
        if (config.redirectPort() != EngineConfig.NO_REDIRECT_PORT) {
            engine.redirectListener = listen(config.redirectPort());
        }
        engine.health = HealthServer.start(config.healthPort(), engine::live, engine::ready);
        engine.acceptor = new Thread(() -> engine.acceptLoop(engine.listener), "sqlmi-acceptor");
        engine.acceptor.start();
        if (engine.redirectListener != null) {
            engine.redirectAcceptor = new Thread(() -> engine.acceptLoop(engine.redirectListener),
                    "sqlmi-acceptor-redirect");
            engine.redirectAcceptor.start();
        }
        return engine;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port), 512);
        return socket;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * The second TDS port (the instance's redirect port, 11000-11999), or -1 when there is none.
     * Sessions on it are the same as on {@link #port()}: the port exists so that NetworkPolicies on
     * the redirect range filter redirected sessions.
     */
    public int redirectPort() {
        return redirectListener == null ? -1 : redirectListener.getLocalPort();
    }

    @Override
    public boolean readOnly() {
        return config.replicaRole() == io.sqlmi.engine.config.ReplicaRole.SECONDARY;
    }

    public int healthPort() {
        return health.port();
    }

    public ServerCertificate certificate() {
        return tls.certificate();
    }

    @Override
    public String instanceName() {
        return config.instanceName();
    }

    @Override
    public DatabaseCatalog catalog() {
        return catalog;
    }

    @Override
    public Translations translations() {
        return translations;
    }

    @Override
    public List<Object[]> connectionRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Session session : sessions.values()) {
            rows.add(new Object[] {session.state().spid(), Timestamp.valueOf(session.state().connectTime()),
                session.state().encrypted() ? "TRUE" : "FALSE", session.clientAddress()});
        }
        return rows;
    }

    EngineConfig config() {
        return config;
    }

    Logins logins() {
        return logins;
    }

    SSLContext sslContext() {
        return tls.context();
    }

    ExecutorService requestThreads() {
        return requestThreads;
    }

    boolean closing() {
        return closing;
    }

    int sessionCount() {
        return sessions.size();
    }

    boolean live() {
        return !stopped && acceptor.isAlive() && (redirectAcceptor == null || redirectAcceptor.isAlive());
    }

    boolean ready() {
        return !closing && live();
    }

    private void acceptLoop(ServerSocket listener) {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (SocketException e) {
                if (closing) {
                    return;
                }
                LOG.log(Level.WARNING, "accept failed", e);
                continue;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed", e);
                continue;
            }
            try {
                connectionThreads.execute(() -> handle(socket));
            } catch (RuntimeException e) {
                closeQuietly(socket);
            }
        }
    }

    private void handle(Socket socket) {
        int spid = allocateSpid();
        ServerTransport transport = null;
        Session session = null;
        try {
            socket.setSoTimeout(LOGIN_TIMEOUT_MILLIS);
            transport = new ServerTransport(socket, config.maxRequestBytes());
            Optional<Session> loggedIn = new LoginHandshake(this, transport).run(spid);
            if (loggedIn.isEmpty()) {
                return;
            }
            session = loggedIn.get();
            socket.setSoTimeout(0);
            sessions.put(spid, session);
            if (closing) {
                return;
            }
            session.serve();
        } catch (TdsProtocolException e) {
            LOG.log(Level.FINE, "connection refused: malformed input", e);
            refuseMalformed(transport, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "connection ended during login", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection failed", e);
        } finally {
            if (session != null) {
                sessions.remove(spid);
                session.state().close();
            }
            closeQuietly(socket);
        }
    }

    /** Malformed input before a session exists: an error, then the connection closes. */
    private void refuseMalformed(ServerTransport transport, String detail) {
        if (transport == null) {
            return;
        }
        try {
            transport.writer().beginMessage(PacketType.TABULAR_RESULT);
            SqlError error = SqlError.TDS_STREAM_INCORRECT;
            Tokens.message(transport.writer(), new SqlMessage(error.number(), 1, error.severity(),
                    error.format(detail), instanceName(), "", 1));
            Tokens.done(transport.writer(), TokenType.DONE, DoneStatus.ERROR, 0, 0);
            transport.writer().endMessage();
        } catch (IOException | UncheckedIOException | IllegalStateException ignored) {
            // the peer may already be gone
        }
    }

    private int allocateSpid() {
        while (true) {
            int spid = nextSpid.getAndUpdate(n -> n >= 32_000 ? FIRST_USER_SPID : n + 1);
            if (!sessions.containsKey(spid)) {
                return spid;
            }
        }
    }

    /** Graceful stop: refuse new work, let running requests finish within the grace period, flush data. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        closing = true;
        closeQuietly(listener);
        closeQuietly(redirectListener);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.shutdownGraceSeconds());
        for (Session session : sessions.values()) {
            session.shutdown(deadline);
        }
        connectionThreads.shutdown();
        try {
            connectionThreads.awaitTermination(Math.max(1, config.shutdownGraceSeconds()), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requestThreads.shutdownNow();
        catalog.close();
        stopped = true;
        health.stop();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // best effort during shutdown
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
