package io.sqlmi.gateway.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The pod's HTTP port: {@code /health/live} (200 while the listeners and relay loops run),
 * {@code /health/ready} (200 while a routing table is loaded and the gateway is not draining) and
 * {@code /metrics} (Prometheus text).
 */
public final class HealthServer {
    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";
    public static final String METRICS_PATH = "/metrics";

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    public static HealthServer start(String bindAddress, int port, BooleanSupplier live, BooleanSupplier ready,
            Supplier<String> metrics) throws IOException {
        InetSocketAddress address = bindAddress == null ? new InetSocketAddress(port)
                : new InetSocketAddress(bindAddress, port);
        HttpServer server = HttpServer.create(address, 16);
        server.createContext(LIVE_PATH, exchange -> status(exchange, live.getAsBoolean()));
        server.createContext(READY_PATH, exchange -> status(exchange, ready.getAsBoolean()));
        server.createContext(METRICS_PATH, exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.get()));
        server.setExecutor(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(null, task, "sqlmi-health", 256 * 1024);
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new HealthServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private static void status(HttpExchange exchange, boolean up) throws IOException {
        send(exchange, up ? 200 : 503, "text/plain; charset=utf-8", up ? "UP\n" : "DOWN\n");
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
