package io.sqlmi.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricRegistryTest {
    @Test
    void familiesRenderInThePrometheusTextFormatWithEscapedLabels() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Family logins = registry.counter("sqlmi_test_logins_total", "Logins.", "instance", "outcome");
        logins.labels("mi1", "proxied").add(3);
        logins.labels("we\"ird\\name", "refused").increment();
        MetricRegistry.Family open = registry.gauge("sqlmi_test_open", "Open now.");
        open.sample(() -> 7);
        assertThat(registry.render()).isEqualTo("""
                # HELP sqlmi_test_logins_total Logins.
                # TYPE sqlmi_test_logins_total counter
                sqlmi_test_logins_total{instance="mi1",outcome="proxied"} 3
                sqlmi_test_logins_total{instance="we\\"ird\\\\name",outcome="refused"} 1
                # HELP sqlmi_test_open Open now.
                # TYPE sqlmi_test_open gauge
                sqlmi_test_open 7
                """);
        assertThat(logins.value("mi1", "proxied")).isEqualTo(3);
        assertThat(open.value()).isEqualTo(7);
        assertThat(logins.labels("mi1", "proxied")).as("a label set keeps its holder").isSameAs(
                logins.labels("mi1", "proxied"));
    }

    @Test
    void logLinesAreJsonWithEscapedText() {
        StringBuilder line = new StringBuilder();
        Log.quote(line, "a \"quoted\"\nline\\ with \u0001");
        assertThat(line).hasToString("\"a \\\"quoted\\\"\\nline\\\\ with \\u0001\"");
    }
}
