package io.sqlmi.gateway;

import io.sqlmi.gateway.config.GatewayConfig;
import io.sqlmi.gateway.ops.GatewayMetrics;
import io.sqlmi.gateway.ops.HealthServer;
import io.sqlmi.gateway.ops.Log;
import io.sqlmi.gateway.relay.EventLoop;
import io.sqlmi.gateway.routing.Router;
import io.sqlmi.gateway.routing.RoutesFile;
import io.sqlmi.gateway.session.ConnectionHandler;
import io.sqlmi.gateway.session.Listener;
import io.sqlmi.gateway.session.Services;
import io.sqlmi.gateway.session.Sessions;
import io.sqlmi.gateway.tls.CertificateDirectory;
import io.sqlmi.gateway.tls.TlsContexts;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The gateway of one virtual cluster: three TDS listeners (1433 for the VNet-local endpoint, 3342 for the
 * public one, 1435 for private endpoints, which their Services map to 1433), handshake threads that take each login to a routing decision, event loops that relay proxied
 * sessions, the routing table and certificates reloaded from their mounted files, and the health and metrics
 * port. {@link #drain} is what SIGTERM does: stop accepting, let sessions finish within the grace period, close
 * the rest.
 */
public final class Gateway implements AutoCloseable {
    /** Handshakes waiting for a thread beyond this are closed at once (the gateway is overloaded). */
    private static final int HANDSHAKE_QUEUE = 4096;
    private static final long HANDSHAKE_STACK = 512 * 1024;

    private final GatewayConfig config;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final RoutesFile routes;
    private final CertificateDirectory certificates;
    private final Sessions sessions = new Sessions();
    private final List<EventLoop> loops = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timers;
    private final ScheduledExecutorService reloader;
    private final LoginThreads handshakes;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private Services services;
    private Listener tdsListener;
    private Listener publicListener;
    private Listener privateListener;
    private HealthServer health;
    private volatile boolean draining;
    private volatile boolean stopped;

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.routes = new RoutesFile(config.routesFile(), metrics);
        this.certificates = new CertificateDirectory(config.tlsDir(), metrics);
        this.timers = new ScheduledThreadPoolExecutor(1, threads("sqlmi-timer", 256 * 1024));
        this.timers.setRemoveOnCancelPolicy(true);
        this.reloader = Executors.newSingleThreadScheduledExecutor(threads("sqlmi-reload", 512 * 1024));
        this.handshakes = LoginThreads.create(config.handshakeThreads(), HANDSHAKE_QUEUE,
                threads("sqlmi-login", HANDSHAKE_STACK));
    }

    public static Gateway start(GatewayConfig config) throws IOException {
        Log.threshold(config.logLevel());
        Gateway gateway = new Gateway(config);
        try {
            gateway.open();
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void open() throws IOException {
        routes.check();
        certificates.check(routes.current().zoneDomain());
        reloader.scheduleWithFixedDelay(this::reload, config.reloadInterval().toMillis(),
                config.reloadInterval().toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < config.ioThreads(); i++) {
            EventLoop loop = new EventLoop("sqlmi-relay-" + i);
            loops.add(loop);
            loop.start();
        }
        SSLContext engineTls = TlsContexts.engines(config.engineCaFile());
        services = new Services(config, routes, new Router(config.redirectOn1433()), metrics, timers, engineTls,
                () -> loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size())), sessions);
        tdsListener = listen("tds", config.tdsPort(), () -> "gateway." + zone());
        publicListener = listen("public", config.publicPort(), () -> "gateway.public." + zone());
        privateListener = listen("private", config.privatePort(), () -> "gateway.privatelink." + zone());
        health = HealthServer.start(config.bindAddress(), config.healthPort(), this::live, this::ready,
                metrics::render);
        metrics.draining.sample(() -> draining ? 1 : 0);
        Log.info("gateway_started", "name", config.gatewayName(), "tdsPort", tdsListener.port(), "publicPort",
                publicListener.port(), "privatePort", privateListener.port(), "healthPort", health.port(), "routes", config.routesFile(), "tlsDir",
                config.tlsDir(), "routesLoaded", routes.loaded());
    }

    private String zone() {
        String domain = routes.current().zoneDomain();
        return domain == null ? "invalid" : domain;
    }

    private Listener listen(String name, int port, Supplier<String> defaultName) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(config.bindAddress() == null ? new InetSocketAddress(port)
                : new InetSocketAddress(config.bindAddress(), port), 1024);
        listeners.add(server);
        Listener listener = new Listener(name, ((InetSocketAddress) server.getLocalAddress()).getPort(),
                TlsContexts.server(certificates, defaultName));
        Thread acceptor = new Thread(null, () -> accept(server, listener), "sqlmi-accept-" + name, 256 * 1024);
        acceptor.setDaemon(true);
        acceptors.add(acceptor);
        acceptor.start();
        return listener;
    }

    private void accept(ServerSocketChannel server, Listener listener) {
        while (!draining && !stopped) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                Log.warn("accept_failed", "listener", listener.name(), "error", e);
                sleepQuietly(Duration.ofMillis(50));
                continue;
            }
            metrics.connections.labels(listener.name()).increment();
            metrics.connectionsOpen.labels(listener.name()).increment();
            ConnectionHandler handler = new ConnectionHandler(services, listener, channel);
            try {
                handshakes.execute(handler);
            } catch (RejectedExecutionException e) {
                metrics.connectionsOpen.labels(listener.name()).decrement();
                metrics.handshakeFailures.labels("overloaded").increment();
                handler.abandon();
            }
        }
    }

    private void reload() {
        try {
            routes.check();
            certificates.check(routes.current().zoneDomain());
        } catch (RuntimeException e) {
            Log.error("reload_failed", "error", e);
        }
    }

    public int tdsPort() {
        return tdsListener.port();
    }

    public int publicPort() {
        return publicListener.port();
    }

    public int privatePort() {
        return privateListener.port();
    }

    public int healthPort() {
        return health.port();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Connections still logging in plus relayed sessions. */
    public int openConnections() {
        return sessions.open();
    }

    public boolean live() {
        if (stopped) {
            return false;
        }
        for (EventLoop loop : loops) {
            if (!loop.alive()) {
                return false;
            }
        }
        return draining || acceptors.stream().allMatch(Thread::isAlive);
    }

    public boolean ready() {
        return !draining && routes.loaded() && live();
    }

    /**
     * SIGTERM: readiness turns false and the listeners close first, so no new connection is accepted; sessions
     * and logins already open continue until they end or the grace period passes; what is left is then closed.
     */
    public void drain() {
        if (draining) {
            return;
        }
        draining = true;
        Log.info("drain_started", "open", sessions.open(), "graceSeconds", config.shutdownGrace().toSeconds());
        for (ServerSocketChannel listener : listeners) {
            closeQuietly(listener);
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (sessions.open() > 0 && System.nanoTime() < deadline) {
            sleepQuietly(Duration.ofMillis(50));
        }
        int left = sessions.open();
        sessions.closeAll();
        Log.info("drain_finished", "closedAtGraceEnd", left);
    }

    @Override
    public void close() {
        if (stopped) {
            return;
        }
        draining = true;
        for (ServerSocketChannel listener : listeners) {
            closeQuietly(listener);
        }
        sessions.closeAll();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (sessions.relayed() > 0 && System.nanoTime() < deadline) {
            sleepQuietly(Duration.ofMillis(10));
        }
        stopped = true;
        if (health != null) {
            health.stop();
        }
        reloader.shutdownNow();
        handshakes.shutdownNow();
        timers.shutdownNow();
        loops.forEach(EventLoop::stop);
    }

    private static ThreadFactory threads(String name, long stackSize) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(null, task, name + "-" + count.incrementAndGet(), stackSize);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
