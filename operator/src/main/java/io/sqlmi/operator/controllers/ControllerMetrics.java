package io.sqlmi.operator.controllers;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.operatorsdk.runtime.MicrometerMetricsProvider;
import jakarta.inject.Singleton;

/**
 * The SDK's metrics per controller, without its per-resource series. The extension's default tags every series with
 * the object it reconciled, and the Prometheus registry keeps only the first set of tag names under a metric name: the
 * cluster-scoped primary of the DNS records controller (a Namespace, no namespace tag) then hid the reconcile timers
 * of every namespaced controller. Per-resource series would also grow with the instance count.
 */
@Singleton
public class ControllerMetrics extends MicrometerMetricsProvider {

    private volatile Metrics metrics = Metrics.NOOP;

    @Override
    public void bindTo(MeterRegistry registry) {
        metrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    @Override
    public Metrics getMetrics() {
        return metrics;
    }
}
