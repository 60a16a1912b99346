package io.sqlmi.gateway.routing;

import io.sqlmi.gateway.ops.GatewayMetrics;
import io.sqlmi.gateway.ops.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The routing table read from the mounted ConfigMap file. {@link #check()} runs every few seconds: it reads the
 * file through its path (the kubelet swaps ConfigMap files by re-pointing a symlink, so the path always leads to
 * a complete version), and swaps in a new table only when the content changed and parses. A file that cannot be
 * read or parsed leaves the last good table in place. Sessions keep whatever table they were routed with.
 */
public final class RoutesFile {
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private final Path file;
    private final GatewayMetrics metrics;
    private volatile RoutingTable current = RoutingTable.EMPTY;
    private volatile boolean loaded;
    private byte[] lastDigest;
    private String lastProblem;

    public RoutesFile(Path file, GatewayMetrics metrics) {
        this.file = file;
        this.metrics = metrics;
        metrics.routeInstances.sample(() -> current.instances().size());
    }

    public RoutingTable current() {
        return current;
    }

    /** Whether a table was ever read; until then the gateway is not ready. */
    public boolean loaded() {
        return loaded;
    }

    public synchronized void check() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            problem("the routing table file " + file + " does not exist", null);
            return;
        } catch (IOException e) {
            problem("the routing table file " + file + " cannot be read", e);
            return;
        }
        if (content.length > MAX_BYTES) {
            problem("the routing table file " + file + " is larger than " + MAX_BYTES + " bytes", null);
            return;
        }
        byte[] digest = sha256(content);
        if (Arrays.equals(digest, lastDigest)) {
            return;
        }
        RoutingTableParser.Result result;
        try {
            result = RoutingTableParser.parse(content);
        } catch (RoutingTableParser.InvalidTableException e) {
            lastDigest = digest;
            problem("the routing table file " + file + " is refused: " + e.getMessage(), null);
            return;
        }
        lastDigest = digest;
        lastProblem = null;
        current = result.table();
        loaded = true;
        metrics.routeReloads.labels("ok").increment();
        long now = Instant.now().getEpochSecond();
        metrics.routesLoadedAt.sample(() -> now);
        for (String warning : result.warnings()) {
            Log.warn("routes_entry_ignored", "file", file, "problem", warning);
        }
        Log.info("routes_loaded", "file", file, "virtualCluster", result.table().virtualCluster(), "instances",
                result.table().instances().size(), "hosts",
                result.table().instances().stream().mapToInt(i -> i.hosts().size()).sum());
    }

    private void problem(String message, Exception cause) {
        if (!message.equals(lastProblem)) {
            lastProblem = message;
            metrics.routeReloads.labels("failed").increment();
            Log.error("routes_reload_failed", "problem", message, "error", cause,
                    "keeping", loaded ? "the last good table" : "no table yet: not ready");
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
