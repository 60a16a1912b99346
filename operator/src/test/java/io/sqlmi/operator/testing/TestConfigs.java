package io.sqlmi.operator.testing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.sqlmi.operator.config.OperatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

/**
 * OperatorConfig instances for unit tests, built by SmallRye Config exactly as Quarkus builds them: from the
 * operator's own application.properties (so the tests see the shipped service-tag defaults) plus overrides.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** The configuration the operator ships with. */
    public static OperatorConfig shipped() {
        return shipped(Map.of());
    }

    /** The shipped configuration with some properties overridden, e.g. {@code sqlmi.storage.when-deleted=Delete}. */
    public static OperatorConfig shipped(Map<String, String> overrides) {
        return build(true, overrides);
    }

    /** Only the given properties (and the interface's defaults): no service tags unless given. */
    public static OperatorConfig only(Map<String, String> properties) {
        return build(false, properties);
    }

    private static OperatorConfig build(boolean withApplicationProperties, Map<String, String> overrides) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withMapping(OperatorConfig.class)
                .withSources(new PropertiesConfigSource(new HashMap<>(overrides), "test-overrides", 500));
        if (withApplicationProperties) {
            URL url = TestConfigs.class.getResource("/application.properties");
            if (url == null) {
                throw new IllegalStateException("application.properties is not on the test class path");
            }
            try {
                builder.withSources(new PropertiesConfigSource(url, 250));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Quarkus reads durations such as "2s"; plain SmallRye needs its converter for that.
        builder.withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter());
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(OperatorConfig.class);
    }
}
