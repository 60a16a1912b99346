package io.sqlmi.engine.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The pod's probes: {@code /health/live} answers 200 while the engine accepts connections at all,
 * {@code /health/ready} answers 200 while it also accepts logins (503 during shutdown).
 */
public final class HealthServer {
    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    public static HealthServer start(int port, BooleanSupplier live, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext(LIVE_PATH, exchange -> answer(exchange, live.getAsBoolean()));
        server.createContext(READY_PATH, exchange -> answer(exchange, ready.getAsBoolean()));
        server.setExecutor(null);
        server.start();
        return new HealthServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, boolean up) throws IOException {
        byte[] body = (up ? "UP\n" : "DOWN\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
