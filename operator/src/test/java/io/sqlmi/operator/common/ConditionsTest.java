package io.sqlmi.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    static final Clock T0 = Clock.fixed(Instant.parse("2025-03-01T10:00:00.123Z"), ZoneOffset.UTC);
    static final Clock T1 = Clock.offset(T0, Duration.ofMinutes(5));

    @Test
    void readyLeadsEvenWhenSetLastAndEveryConditionCarriesTheGeneration() {
        List<Condition> conditions = new Conditions(null, 3L, T0)
                .set("GatewayReady", true, "Available", "ok")
                .set("ReplicasReady", false, "Starting", "0 of 1")
                .set(Conditions.READY, false, "Starting", "0 of 1").build();

        assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "GatewayReady", "ReplicasReady");
        assertThat(conditions).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
        });
        assertThat(conditions.get(1).getStatus()).isEqualTo("True");
        assertThat(conditions.get(2).getStatus()).isEqualTo("False");
    }

    @Test
    void aListWithoutReadyIsRefused() {
        assertThatThrownBy(() -> new Conditions(null, 1L, T0).set("Other", true, "r", "m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Ready");
    }

    @Test
    void lastTransitionTimeIsKeptWhileTheStatusStaysAndMovesWhenItChanges() {
        List<Condition> before = new Conditions(null, 1L, T0)
                .set(Conditions.READY, false, "Starting", "0 of 1")
                .set("GatewayReady", true, "Available", "ok").build();

        List<Condition> after = new Conditions(before, 2L, T1)
                .set(Conditions.READY, true, "Ready", "1 of 1")
                .set("GatewayReady", true, "Available", "still ok, new words").build();

        assertThat(Conditions.find(after, "Ready").getLastTransitionTime()).isEqualTo("2025-03-01T10:05:00Z");
        assertThat(Conditions.find(after, "GatewayReady").getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(Conditions.find(after, "GatewayReady").getMessage()).isEqualTo("still ok, new words");
        assertThat(after).allMatch(c -> c.getObservedGeneration() == 2L);
    }

    @Test
    void anUnchangedReconcileProducesAnEqualList() {
        List<Condition> before = new Conditions(null, 1L, T0).set(Conditions.READY, true, "Ready", "fine").build();

        List<Condition> again = new Conditions(before, 1L, T1).set(Conditions.READY, true, "Ready", "fine").build();

        assertThat(again).isEqualTo(before);
    }

    @Test
    void conditionsNotSetAgainAreDropped() {
        List<Condition> before = new Conditions(null, 1L, T0).set(Conditions.READY, false, "X", "x")
                .set("Gone", false, "X", "x").build();

        assertThat(new Conditions(before, 1L, T0).set(Conditions.READY, true, "Ready", "ok").build())
                .extracting(Condition::getType).containsExactly("Ready");
    }

    @Test
    void firstNotTrueIsTheFirstProblemInTheOrderAsked() {
        Conditions conditions = new Conditions(null, 1L, T0).set("A", true, "ok", "a").set("B", false, "Bad", "b")
                .set("C", Conditions.UNKNOWN, "Pending", "c");

        assertThat(conditions.firstNotTrue("A", "B", "C").getType()).isEqualTo("B");
        assertThat(conditions.firstNotTrue("C", "B").getType()).as("most telling first").isEqualTo("C");
        assertThat(conditions.firstNotTrue("A", "D")).isNull();
        assertThat(conditions.isTrue("A")).isTrue();
        assertThat(conditions.isTrue("C")).isFalse();
        assertThat(new Conditions(null, 1L, T0).set("A", true, "ok", "a").firstNotTrue("A")).isNull();
    }

    @Test
    void lookupHelpersHandleMissingLists() {
        assertThat(Conditions.find(null, "Ready")).isNull();
        assertThat(Conditions.isTrue(null, "Ready")).isFalse();
        List<Condition> list = new Conditions(null, 1L, T0).set(Conditions.READY, true, "Ready", "ok").build();
        assertThat(Conditions.isTrue(list, "Ready")).isTrue();
        assertThat(Conditions.find(list, "Other")).isNull();
    }
}
