package io.sqlmi.operator.capacity;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batches resize requests: the first change a virtual cluster's size needs opens a window; changes that arrive
 * within it are applied together when it closes. Held in memory: after an operator restart a pending resize simply
 * waits one more window.
 */
@ApplicationScoped
public class ResizeWindow {

    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    private final Clock clock;

    public ResizeWindow() {
        this(Clock.systemUTC());
    }

    ResizeWindow(Clock clock) {
        this.clock = clock;
    }

    /**
     * @return how long to wait before applying, or empty when the resize is due now (or none is needed)
     */
    public Optional<Duration> remaining(String cluster, boolean resizeNeeded, Duration window) {
        if (!resizeNeeded) {
            openedAt.remove(cluster);
            return Optional.empty();
        }
        Instant opened = openedAt.computeIfAbsent(cluster, k -> clock.instant());
        Duration left = window.minus(Duration.between(opened, clock.instant()));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** The resize was applied; the next change opens a new window. */
    public void applied(String cluster) {
        openedAt.remove(cluster);
    }
}
