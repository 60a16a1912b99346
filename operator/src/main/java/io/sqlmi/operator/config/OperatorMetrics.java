package io.sqlmi.operator.config;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The SDK's metrics: per controller, not per object. The Quarkus extension's default keeps a timer with a
 * percentile histogram for every reconciled object (about 50 MiB of live heap at 1,000 instances,
 * docs/performance.md), and starts as a no-op until the registry binds it, so a scrape could find no
 * {@code operator_sdk_*} family at all. This bean replaces that default and takes the registry at once.
 */
public class OperatorMetrics {

    /** Tag keys of a kind's API group, by the tag key of its kind, as the SDK names them on its meters. */
    private static final Map<String, String> GROUP_TAG_BY_KIND_TAG = Map.of("kind", "group", "resource.kind", "resource.group");

    /** What the tag says for the core API group (Namespace, Service, Node), as kubectl names it. */
    static final String CORE_GROUP = "core";

    @Produces
    @Singleton
    Metrics metrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    /**
     * The SDK leaves out the group tag for kinds of the core API group. Prometheus keeps the first set of tag names
     * registered under a metric name and drops series with another, so the timers of the sqlmi.io controllers were
     * lost behind those of the Namespace-driven DNS records controller. Every SDK meter with a kind has a group now.
     */
    @Produces
    @Singleton
    MeterFilter everyKindHasAGroup() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("operator.sdk.")) {
                    return id;
                }
                Meter.Id mapped = id;
                for (Map.Entry<String, String> tags : GROUP_TAG_BY_KIND_TAG.entrySet()) {
                    if (mapped.getTag(tags.getKey()) != null && mapped.getTag(tags.getValue()) == null) {
                        mapped = mapped.withTag(Tag.of(tags.getValue(), CORE_GROUP));
                    }
                }
                return mapped;
            }
        };
    }
}
