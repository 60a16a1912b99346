package io.sqlmi.e2e.support;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh namespace per test, deleted afterwards, so that tests never see each other's objects.
 * Register with {@code @RegisterExtension}.
 */
public final class TestNamespace implements BeforeEachCallback, AfterEachCallback {

    private final String prefix;
    private String name;

    public TestNamespace(String prefix) {
        this.prefix = prefix;
    }

    public String name() {
        return name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        name = (prefix + "-" + context.getRequiredTestMethod().getName()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
        name = name.substring(0, Math.min(name.length(), 50)) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        TestCluster.client().namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName(name).addToLabels("sqlmi.io/e2e", "true").endMetadata()
                .build()).create();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestCluster.client().namespaces().withName(name).delete();
    }
}
