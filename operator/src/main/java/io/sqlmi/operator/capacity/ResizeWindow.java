package io.sqlmi.operator.capacity;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batches resize requests: the first change a virtual cluster's size needs opens a window; changes that arrive
 * within it are applied together when it closes. This bean only remembers when each window opened
 * ({@link Resize} decides when to open and close one). Held in memory: after an operator restart a pending resize
 * simply waits one more window.
 */
@ApplicationScoped
public class ResizeWindow {

    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

    public Optional<Instant> openedAt(String cluster) {
        return Optional.ofNullable(openedAt.get(cluster));
    }

    /** Opens the cluster's window at {@code now} unless one is open already: requests within it do not extend it. */
    public void open(String cluster, Instant now) {
        openedAt.putIfAbsent(cluster, now);
    }

    /** The resize was applied, or is no longer needed: the next change opens a new window. */
    public void close(String cluster) {
        openedAt.remove(cluster);
    }

    /**
     * How long a window opened at {@code opened} (now, when none is open yet) has left; empty when the resize is due.
     */
    public static Optional<Duration> remaining(Optional<Instant> opened, Instant now, Duration window) {
        Duration left = window.minus(Duration.between(opened.orElse(now), now));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }
}
