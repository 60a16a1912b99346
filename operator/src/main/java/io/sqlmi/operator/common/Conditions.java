package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a condition list the Kubernetes way: Ready first, every condition stamped with the generation it
 * describes, and lastTransitionTime kept from the previous list unless the condition's status changed, so that an
 * unchanged object produces an identical list (and no write).
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private final Map<String, Condition> previous = new LinkedHashMap<>();
    private final Map<String, Condition> next = new LinkedHashMap<>();
    private final Long generation;
    private final Clock clock;

    public Conditions(List<Condition> previous, Long generation, Clock clock) {
        if (previous != null) {
            previous.forEach(c -> this.previous.put(c.getType(), c));
        }
        this.generation = generation;
        this.clock = clock;
        next.put(READY, null);
    }

    public Conditions set(String type, boolean status, String reason, String message) {
        return set(type, status ? TRUE : FALSE, reason, message);
    }

    public Conditions set(String type, String status, String reason, String message) {
        Condition before = previous.get(type);
        String transition = before != null && Objects.equals(before.getStatus(), status)
                ? before.getLastTransitionTime()
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        next.put(type, new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(transition).build());
        return this;
    }

    public boolean isTrue(String type) {
        Condition c = next.get(type);
        return c != null && TRUE.equals(c.getStatus());
    }

    /** The condition of that type set so far, or null. */
    public Condition get(String type) {
        return next.get(type);
    }

    /** The first of the given conditions, in the order given (most telling first), that is set and not True. */
    public Condition firstNotTrue(String... types) {
        for (String type : types) {
            Condition c = next.get(type);
            if (c != null && !TRUE.equals(c.getStatus())) {
                return c;
            }
        }
        return null;
    }

    public List<Condition> build() {
        if (next.get(READY) == null) {
            throw new IllegalStateException("the Ready condition must be set");
        }
        return new ArrayList<>(next.values().stream().filter(Objects::nonNull).toList());
    }

    public static Condition find(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        Condition c = find(conditions, type);
        return c != null && TRUE.equals(c.getStatus());
    }
}
