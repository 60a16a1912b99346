package io.sqlmi.e2e.admission;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlmi.e2e.support.TestCluster;
import io.sqlmi.e2e.support.Wait;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admission policies of crds/admission/ as a user applies them with kubectl, the chart's default operator identity
 * replaced by the one the suite's operator really has (user sqlmi-operator on the local control plane), as install.md
 * tells users to. Installed for one test class and removed after it: the other suites edit mandatory NetworkPolicies
 * on purpose (DriftIT).
 */
final class AdmissionPolicies {

    /** The operator's user name that policies.yaml ships with: the chart's default ServiceAccount. */
    static final String SHIPPED_OPERATOR = "system:serviceaccount:sqlmi-system:sqlmi-operator";
    static final Path DIR = TestCluster.repoRoot().resolve("crds/admission");

    private AdmissionPolicies() {
    }

    /**
     * Applies policies.yaml for {@code operatorUser} and bindings.yaml, and waits until the API server enforces them
     * (policies and bindings reach its admission chain a moment after they are stored).
     */
    static void install(String operatorUser, KubernetesClient operator) {
        for (HasMetadata object : objects(operatorUser)) {
            client().resource(object).forceConflicts().serverSideApply();
        }
        String probe = "sqlmi-admission-probe-" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        client().resource(new NamespaceBuilder().withNewMetadata().withName(probe).addToLabels("sqlmi.io/e2e", "true")
                .addToLabels("sqlmi.io/delegated-subnet", "probe").endMetadata().build()).create();
        NetworkPolicy mandatory = client().resource(new NetworkPolicyBuilder().withNewMetadata().withName("probe-mi-probe-in")
                .withNamespace(probe).addToLabels("app.kubernetes.io/managed-by", "sqlmi-operator")
                .addToLabels("sqlmi.io/rule-origin", "Mandatory").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .endSpec().build()).create();
        AtomicInteger attempts = new AtomicInteger();
        try {
            Wait.atMost(Wait.QUICK).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(status(() -> client().resource(mandatory).dryRun().delete())).as("a cluster admin is refused").isEqualTo(403);
                assertThat(status(() -> operator.resource(mandatory).dryRun().delete())).as("the operator is not").isEqualTo(200);
                // A new value on every attempt: an edit that got through before the policy was in force has changed the
                // label, and the same value again would be no change, which the policy rightly admits.
                String other = "other-" + attempts.incrementAndGet();
                assertThat(status(() -> client().namespaces().withName(probe).edit(n -> new NamespaceBuilder(n).editMetadata()
                        .addToLabels("sqlmi.io/delegated-subnet", other).endMetadata().build()))).as("relabelling the subnet is refused")
                        .isEqualTo(403);
                assertThat(status(() -> client().resource(new PodBuilder().withNewMetadata().withName("probe").withNamespace(probe)
                        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x:1").endContainer().endSpec()
                        .build()).dryRun().create())).as("a pod in the delegated subnet is refused").isEqualTo(403);
            });
        } finally {
            client().namespaces().withName(probe).delete();
        }
    }

    /** 200 when the request passes, else the HTTP status it was refused with. */
    private static int status(Runnable request) {
        try {
            request.run();
            return 200;
        } catch (KubernetesClientException e) {
            return e.getCode();
        }
    }

    static void uninstall() {
        for (HasMetadata object : objects()) {
            client().resource(object).delete();
        }
    }

    /** The binding of a policy of bindings.yaml, e.g. sqlmi-network-intent-policy. */
    static ValidatingAdmissionPolicyBinding binding(String name) {
        return objects().stream().filter(ValidatingAdmissionPolicyBinding.class::isInstance)
                .map(ValidatingAdmissionPolicyBinding.class::cast).filter(b -> name.equals(b.getMetadata().getName()))
                .findFirst().orElseThrow();
    }

    static List<HasMetadata> objects() {
        return objects(SHIPPED_OPERATOR);
    }

    static List<HasMetadata> objects(String operatorUser) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String file : List.of("policies.yaml", "bindings.yaml")) {
            try {
                String text = Files.readString(DIR.resolve(file)).replace(SHIPPED_OPERATOR, operatorUser);
                try (InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
                    objects.addAll(client().load(in).items());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }

    /** The user name the API server sees for a client (SelfSubjectReview). */
    static String userOf(KubernetesClient kubernetes) {
        return kubernetes.resource(new SelfSubjectReview()).create().getStatus().getUserInfo().getUsername();
    }

    /** A client with the operator's own identity: the kubeconfig the suite gives the operator process. */
    static KubernetesClient operatorClient() {
        String own = System.getenv("SQLMI_OPERATOR_KUBECONFIG");
        if (own == null || !Files.exists(Path.of(own))) {
            return new KubernetesClientBuilder().build();
        }
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(own)))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
