package io.sqlmi.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

    private final MeterRegistry registry = registryWithTheFilter();

    private static MeterRegistry registryWithTheFilter() {
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new OperatorMetrics().everyKindHasAGroup());
        return registry;
    }

    @Test
    void aCoreKindGetsTheCoreGroupSoEveryControllerHasTheSameTagNames() {
        registry.timer("operator.sdk.controllers.execution.reconcile", "controller", "dnsrecords", "resource.kind", "Namespace").record(() -> { });
        registry.counter("operator.sdk.events.received", "kind", "Namespace").increment();

        assertThat(registry.get("operator.sdk.controllers.execution.reconcile").timer().getId().getTag("resource.group"))
                .isEqualTo(OperatorMetrics.CORE_GROUP);
        assertThat(registry.get("operator.sdk.events.received").counter().getId().getTag("group")).isEqualTo(OperatorMetrics.CORE_GROUP);
    }

    @Test
    void aKindWithAGroupKeepsItAndOtherMetersAreLeftAlone() {
        registry.counter("operator.sdk.events.received", "kind", "ManagedInstance", "group", "sqlmi.io").increment();
        registry.counter("jvm.something", "kind", "Namespace").increment();

        assertThat(registry.get("operator.sdk.events.received").counter().getId().getTag("group")).isEqualTo("sqlmi.io");
        assertThat(registry.get("jvm.something").counter().getId().getTag("group")).isNull();
    }
}
