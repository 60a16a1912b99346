package io.sqlmi.gateway.session;

import io.sqlmi.gateway.ops.GatewayMetrics;
import io.sqlmi.gateway.ops.Log;
import io.sqlmi.gateway.relay.RelaySession;
import io.sqlmi.gateway.routing.Decision;
import io.sqlmi.gateway.routing.LoginError;
import io.sqlmi.gateway.routing.LoginFacts;
import io.sqlmi.gateway.routing.RoutingTable.Host;
import io.sqlmi.gateway.routing.RoutingTable.Instance;
import io.sqlmi.gateway.wire.Conduit;
import io.sqlmi.tds.login.Login7;
import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.packet.PacketType;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * One client connection from accept to routed: negotiates PRELOGIN, TLS and LOGIN7 on a handshake thread within
 * the time limits, asks the {@link io.sqlmi.gateway.routing.Router} what to do, and then refuses the login with an
 * error and closes, redirects the client and closes, or logs it in to the engine and hands both connections to
 * the relay.
 */
public final class ConnectionHandler implements Runnable, Closeable {
    /** How long a redirected client may take to close after reading the routing response. */
    private static final Duration REDIRECT_LINGER = Duration.ofSeconds(5);

    private final Services services;
    private final Listener listener;
    private final SocketChannel channel;
    private final long acceptedAt = System.nanoTime();
    private volatile Conduit client;
    private volatile Conduit engine;
    private volatile String expired;
    private volatile boolean handedOver;
    private ScheduledFuture<?> preloginTimer;
    private ScheduledFuture<?> loginTimer;
    private String clientAddress = "?";

    public ConnectionHandler(Services services, Listener listener, SocketChannel channel) {
        this.services = services;
        this.listener = listener;
        this.channel = channel;
        services.sessions().loggingIn(this);
        preloginTimer = schedule(services.config().preloginTimeout(), "prelogin_timeout");
        loginTimer = schedule(services.config().loginTimeout(), "login_timeout");
    }

    @Override
    public void run() {
        boolean relayed = false;
        try {
            client = new Conduit(channel);
            SocketAddress remote = client.remoteAddress();
            clientAddress = remote == null ? "?" : remote.toString().replaceFirst("^/", "");
            FrontLogin front = new FrontDoor(client, listener.tls(), services.config().forceEncryption(),
                    () -> preloginTimer.cancel(false)).negotiate();
            loginTimer.cancel(false);
            if (front == null) {
                failed(expired != null ? expired : "closed_by_client", null);
                return;
            }
            relayed = route(front);
        } catch (PhaseException e) {
            refuseUnrouted(e);
        } catch (SSLException e) {
            failed(expired != null ? expired : "tls", e);
        } catch (IOException e) {
            failed(expired != null ? expired : "closed_by_client", e);
        } catch (RuntimeException e) {
            Log.error("connection_failed", "listener", listener.name(), "client", clientAddress, "error", e,
                    "at", e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null);
            failed("internal_error", e);
        } finally {
            preloginTimer.cancel(false);
            loginTimer.cancel(false);
            services.sessions().loggedIn(this);
            if (!relayed) {
                close();
                services.metrics().connectionsOpen.labels(listener.name()).decrement();
            }
        }
    }

    /** The handshake threads are all busy and their queue is full: the connection is closed unserved. */
    public void abandon() {
        preloginTimer.cancel(false);
        loginTimer.cancel(false);
        services.sessions().loggedIn(this);
        close();
    }

    /** Ends the handshake from another thread (a time limit, or the end of a drain). */
    @Override
    public void close() {
        if (handedOver) {
            return;
        }
        Conduit clientSide = client;
        Conduit engineSide = engine;
        if (clientSide != null) {
            clientSide.close();
        } else {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        if (engineSide != null) {
            engineSide.close();
        }
    }

    private boolean route(FrontLogin front) throws IOException {
        Login7 login = front.login();
        LoginFacts facts = new LoginFacts(login.serverName(), front.sni(), login.tdsVersion(), login.readOnlyIntent(),
                front.tlsProtocol(), listener.port());
        Decision decision = services.router().route(services.routes().current(), facts);
        if (!(decision instanceof Decision.Refuse) && services.sessions().open() > services.config().maxConnections()) {
            decision = tooMany(decision);
        }
        if (decision instanceof Decision.Redirect redirect) {
            redirect(front, redirect);
            return false;
        }
        if (decision instanceof Decision.Proxy proxy) {
            return proxy(front, proxy);
        }
        refuse(front, (Decision.Refuse) decision);
        return false;
    }

    private Decision.Refuse tooMany(Decision decision) {
        Instance instance = decision instanceof Decision.Proxy p ? p.instance() : ((Decision.Redirect) decision).instance();
        Host host = decision instanceof Decision.Proxy p ? p.host() : ((Decision.Redirect) decision).host();
        return new Decision.Refuse(LoginError.MAX_CONNECTIONS, "Unable to connect: the gateway holds its maximum of "
                + services.config().maxConnections() + " connections (SQLMI_MAX_CONNECTIONS). Close idle "
                + "connections or raise the limit.", instance, host);
    }

    private void refuse(FrontLogin front, Decision.Refuse refuse) throws IOException {
        String server = refuse.instance() == null ? services.config().gatewayName() : refuse.instance().name();
        // counted before the client reads the error, so a scrape that follows the client's answer sees it
        services.metrics().error(refuse.error().number(), refuse.instance(), refuse.host());
        services.metrics().login(refuse.instance(), refuse.host(), "refused");
        client.writeMessage(PacketType.TABULAR_RESULT, Responses.error(refuse.error(), refuse.message(), server));
        logLogin(front, refuse.instance(), refuse.host(), "refused", null, "error", refuse.error().number(),
                "message", refuse.message());
    }

    private void redirect(FrontLogin front, Decision.Redirect redirect) throws IOException {
        GatewayMetrics metrics = services.metrics();
        metrics.login(redirect.instance(), redirect.host(), "redirected");
        metrics.redirects.labels(redirect.instance().name(), namespace(redirect.instance()),
                redirect.secondary() ? "secondary" : "primary").increment();
        client.writeMessage(PacketType.TABULAR_RESULT, Responses.redirect(front.login().tdsVersion(),
                redirect.target().host(), redirect.target().port()));
        logLogin(front, redirect.instance(), redirect.host(), "redirected", redirect.target().toString(),
                "replica", redirect.secondary() ? "secondary" : "primary");
        lingerUntilClientCloses();
    }

    /**
     * MS-TDS "routing completed": the client reads the response and closes. The gateway waits for that close, and
     * closes at once without answering if the client sends anything instead.
     */
    private void lingerUntilClientCloses() {
        ScheduledFuture<?> linger = schedule(REDIRECT_LINGER, "redirect_linger");
        try {
            client.channel().read(ByteBuffer.allocate(1));
        } catch (IOException ignored) {
            // closed by the client, or by the linger limit
        } finally {
            linger.cancel(false);
        }
    }

    private boolean proxy(FrontLogin front, Decision.Proxy proxy) throws IOException {
        ScheduledFuture<?> engineTimer = schedule(services.config().engineTimeout(), "engine_timeout");
        EngineLogin engineLogin;
        try {
            engineLogin = new EngineDoor(services.engineTls()).login(proxy.target(), front,
                    (int) services.config().engineTimeout().toMillis(), opened -> engine = opened);
        } catch (IOException | RuntimeException e) {
            engineTimer.cancel(false);
            String reason = "engine_timeout".equals(expired) ? "did not answer within "
                    + services.config().engineTimeout().toSeconds() + " s" : describe(e);
            expired = null;
            engineUnavailable(front, proxy, reason);
            return false;
        }
        engineTimer.cancel(false);
        LoginOutcome outcome = engineLogin.outcome();
        services.metrics().login(proxy.instance(), proxy.host(), outcome.loggedIn() ? "proxied" : "engine_refused");
        for (ByteBuffer packet : engineLogin.responsePackets()) {
            client.writePlain(packet);
        }
        if (!outcome.loggedIn()) {
            logLogin(front, proxy.instance(), proxy.host(), "engine_refused", proxy.target().toString(),
                    "error", outcome.errors().isEmpty() ? null : outcome.errors().get(0), "message",
                    outcome.firstError());
            engineLogin.engine().close();
            return false;
        }
        startRelay(front, proxy, engineLogin);
        return true;
    }

    private void startRelay(FrontLogin front, Decision.Proxy proxy, EngineLogin engineLogin) {
        // from here a late time limit must not close the channels the relay takes over
        handedOver = true;
        logLogin(front, proxy.instance(), proxy.host(), "proxied", proxy.target().toString(), "replica",
                proxy.secondary() ? "secondary" : "primary", "engineEncryption", engineLogin.encryption().label());
        RelaySession session = relay(services, listener.name(), clientAddress, proxy, client.detach(),
                engineLogin.engine().detach());
        // the relay owns both channels from here; this handler (with its buffers) can go
        client = null;
        engine = null;
        session.start();
    }

    /**
     * The relay of a logged-in session, with counters per instance and a close action that reference only what
     * they need: a session that lasts hours must not keep its handshake's buffers alive.
     */
    private static RelaySession relay(Services services, String listenerName, String clientAddress,
            Decision.Proxy proxy, Conduit.Detached clientSide, Conduit.Detached engineSide) {
        GatewayMetrics metrics = services.metrics();
        LongAdder fromClient = metrics.bytes(proxy.instance(), proxy.host(), GatewayMetrics.CLIENT_TO_ENGINE);
        LongAdder fromEngine = metrics.bytes(proxy.instance(), proxy.host(), GatewayMetrics.ENGINE_TO_CLIENT);
        LongAdder open = metrics.sessions(proxy.instance(), proxy.host());
        LongAdder listenerOpen = metrics.connectionsOpen.labels(listenerName);
        String instance = proxy.instance().name();
        long started = System.nanoTime();
        LongAdder up = new LongAdder();
        LongAdder down = new LongAdder();
        Sessions sessions = services.sessions();
        RelaySession session = new RelaySession(services.loops().get(), clientSide, engineSide, count -> {
            up.add(count);
            fromClient.add(count);
        }, count -> {
            down.add(count);
            fromEngine.add(count);
        }, ended -> {
            sessions.ended(ended);
            open.decrement();
            listenerOpen.decrement();
            Log.info("session_end", "instance", instance, "client", clientAddress, "bytesFromClient", up.sum(),
                    "bytesFromEngine", down.sum(), "seconds", (System.nanoTime() - started) / 1_000_000_000L);
        });
        sessions.relaying(session);
        open.increment();
        return session;
    }

    private void engineUnavailable(FrontLogin front, Decision.Proxy proxy, String reason) throws IOException {
        String database = front.login().database().isEmpty() ? "master" : front.login().database();
        String message = "Database '" + database + "' on server '" + proxy.instance().name() + "' is not currently "
                + "available. Please retry the connection later. The gateway cannot reach the instance's engine at "
                + proxy.target() + ": " + reason + ".";
        services.metrics().error(LoginError.ENGINE_UNAVAILABLE.number(), proxy.instance(), proxy.host());
        services.metrics().login(proxy.instance(), proxy.host(), "engine_unavailable");
        client.writeMessage(PacketType.TABULAR_RESULT, Responses.error(LoginError.ENGINE_UNAVAILABLE, message,
                proxy.instance().name()));
        logLogin(front, proxy.instance(), proxy.host(), "engine_unavailable", proxy.target().toString(), "error",
                LoginError.ENGINE_UNAVAILABLE.number(), "message", reason);
    }

    /** A malformed PRELOGIN or LOGIN7: an error the client can read where a TDS message can still be framed. */
    private void refuseUnrouted(PhaseException e) {
        services.metrics().handshakeFailures.labels("malformed").increment();
        services.metrics().error(e.error().number(), null, null);
        String message = (e.error() == LoginError.PRELOGIN_INVALID
                ? "The prelogin packet used to open the connection is structurally invalid; the connection has been "
                        + "closed. "
                : "The login packet used to open the connection is structurally invalid; the connection has been "
                        + "closed. ") + e.getMessage();
        Log.warn("connection_refused", "listener", listener.name(), "client", clientAddress, "error",
                e.error().number(), "message", message);
        try {
            client.writeMessage(PacketType.TABULAR_RESULT, Responses.error(e.error(), message,
                    services.config().gatewayName()));
        } catch (IOException | RuntimeException ignored) {
            // the client may be gone, or its TLS state unusable; the connection closes either way
        }
    }

    private void failed(String reason, Exception e) {
        services.metrics().handshakeFailures.labels(reason).increment();
        if (Log.debugEnabled() || reason.endsWith("timeout") || "tls".equals(reason)) {
            Log.info("connection_closed", "listener", listener.name(), "client", clientAddress, "reason", reason,
                    "error", e);
        }
    }

    private void logLogin(FrontLogin front, Instance instance, Host host, String outcome, String target,
            Object... more) {
        Login7 login = front.login();
        Object[] fields = {"listener", listener.name(), "client", clientAddress, "serverName", login.serverName(),
            "instance", instance == null ? null : instance.name(), "namespace", namespace(instance), "endpointType",
            host == null ? null : host.type().label(), "outcome", outcome, "target", target, "user", login.userName(),
            "tds", versionLabel(login.tdsVersion()), "encryption", front.encryption().label(), "tls",
            front.tlsProtocol(), "sni", front.sni(), "readOnlyIntent", login.readOnlyIntent(), "ms",
            (System.nanoTime() - acceptedAt) / 1_000_000};
        Object[] all = new Object[fields.length + more.length];
        System.arraycopy(fields, 0, all, 0, fields.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        Log.info("login", all);
    }

    private ScheduledFuture<?> schedule(Duration delay, String reason) {
        return services.timers().schedule(() -> {
            expired = reason;
            close();
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String namespace(Instance instance) {
        return instance == null || instance.namespace() == null ? "" : instance.namespace();
    }

    private static String describe(Exception e) {
        if (e instanceof UnresolvedAddressException || e instanceof UnknownHostException) {
            return "its host name does not resolve";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String versionLabel(int version) {
        return switch (version) {
            case TdsVersion.V7_1 -> "7.1";
            case TdsVersion.V7_2 -> "7.2";
            case TdsVersion.V7_3A -> "7.3A";
            case TdsVersion.V7_3B -> "7.3B";
            case TdsVersion.V7_4 -> "7.4";
            case TdsVersion.V8_0 -> "8.0";
            default -> "0x" + Integer.toHexString(version);
        };
    }
}
