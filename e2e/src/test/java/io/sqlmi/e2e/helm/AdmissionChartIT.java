package io.sqlmi.e2e.helm;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlmi.e2e.support.TestCluster;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart's admission policies: the policies of crds/admission/policies.yaml under the release's names, with the
 * operator's identity (its ServiceAccount and rbac.additionalSubjects) written in, bound everywhere or only in
 * watchNamespaces; installed, they refuse a cluster admin and admit the release's ServiceAccount.
 */
class AdmissionChartIT {

    private static final String RELEASE = "sqlmi-operator";
    private static final String RELEASE_NAMESPACE = "sqlmi-system";
    private static final List<String> SUFFIXES = List.of("network-intent-policy", "dedicated-subnet", "subnet-delegation");

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("admission-chart");

    static List<HasMetadata> render(String... args) {
        Helm.Result result = Helm.template(RELEASE, RELEASE_NAMESPACE, args);
        assertThat(result.ok()).as("helm template\n%s", result).isTrue();
        return result.objects();
    }

    static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<ValidatingAdmissionPolicy> shippedPolicies() throws IOException {
        try (InputStream in = Files.newInputStream(TestCluster.repoRoot().resolve("crds/admission/policies.yaml"))) {
            return ofKind(client().load(in).items(), ValidatingAdmissionPolicy.class);
        }
    }

    static Map<String, String> variables(ValidatingAdmissionPolicy policy) {
        return policy.getSpec().getVariables().stream().collect(Collectors.toMap(Variable::getName, Variable::getExpression));
    }

    @Test
    void theChartShipsThePoliciesOfCrdsAdmissionUnderTheReleasesNamesWithItsIdentity() throws IOException {
        List<HasMetadata> objects = render("--set-json", "rbac.additionalSubjects=[{\"kind\":\"User\",\"name\":\"sqlmi-operator\","
                + "\"apiGroup\":\"rbac.authorization.k8s.io\"},{\"kind\":\"Group\",\"name\":\"sqlmi:operators\","
                + "\"apiGroup\":\"rbac.authorization.k8s.io\"},{\"kind\":\"ServiceAccount\",\"name\":\"ci\",\"namespace\":\"build\"}]");
        List<ValidatingAdmissionPolicy> rendered = ofKind(objects, ValidatingAdmissionPolicy.class);
        List<ValidatingAdmissionPolicy> shipped = shippedPolicies();
        assertThat(rendered).extracting(p -> p.getMetadata().getName())
                .containsExactlyElementsOf(SUFFIXES.stream().map(s -> RELEASE + "-" + s).toList());
        for (int i = 0; i < shipped.size(); i++) {
            ValidatingAdmissionPolicy chart = rendered.get(i);
            ValidatingAdmissionPolicy source = shipped.get(i);
            assertThat(variables(chart)).containsEntry("operatorUsers",
                    "[\"system:serviceaccount:sqlmi-system:sqlmi-operator\",\"sqlmi-operator\",\"system:serviceaccount:build:ci\"]")
                    .containsEntry("operatorGroups", "[\"sqlmi:operators\"]");
            assertThat(variables(source)).containsEntry("operatorUsers", "['system:serviceaccount:sqlmi-system:sqlmi-operator']");
            // Everything else is the shipped policy, expression for expression.
            chart.getSpec().getVariables().removeIf(v -> v.getName().startsWith("operator") && !"operator".equals(v.getName()));
            source.getSpec().getVariables().removeIf(v -> v.getName().startsWith("operator") && !"operator".equals(v.getName()));
            assertThat(chart.getSpec()).as(chart.getMetadata().getName()).isEqualTo(source.getSpec());
        }
        assertThat(ofKind(objects, ValidatingAdmissionPolicyBinding.class)).hasSize(3).allSatisfy(b -> {
            assertThat(b.getSpec().getPolicyName()).isEqualTo(b.getMetadata().getName());
            assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
            assertThat(b.getSpec().getMatchResources()).as("bound in every namespace").isNull();
        });

        assertThat(ofKind(render("--set", "watchNamespaces={sqlmi-a,sqlmi-b}"), ValidatingAdmissionPolicyBinding.class))
                .allSatisfy(b -> assertThat(b.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions())
                        .singleElement().satisfies(e -> {
                            assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                            assertThat(e.getOperator()).isEqualTo("In");
                            assertThat(e.getValues()).containsExactly("sqlmi-a", "sqlmi-b");
                        }));
        List<HasMetadata> off = render("--set", "admission.enabled=false");
        assertThat(ofKind(off, ValidatingAdmissionPolicy.class)).isEmpty();
        assertThat(ofKind(off, ValidatingAdmissionPolicyBinding.class)).isEmpty();
    }

    @Test
    void installedTheyRefuseAClusterAdminAndAdmitTheReleasesServiceAccountInTheWatchedNamespaces() {
        String ns = namespace.name();
        String release = "sqlmi-operator-adm-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String unwatched = ns.substring(0, Math.min(ns.length(), 50)) + "-other";
        client().resource(new NamespaceBuilder().withNewMetadata().withName(unwatched).addToLabels("sqlmi.io/e2e", "true")
                .endMetadata().build()).create();
        NetworkPolicy watched = mandatoryRule(ns);
        NetworkPolicy elsewhere = mandatoryRule(unwatched);
        try (KubernetesClient serviceAccount = impersonating("system:serviceaccount:" + ns + ":" + release)) {
            Helm.Result install = Helm.run("install", release, Helm.CHART.toString(), "--namespace", ns, "--set", "replicas=0",
                    "--set", "dns.enabled=false", "--set", "watchNamespaces={" + ns + "}", "--set", "leaderElection.leaseName=" + release + "-lock",
                    "--wait", "--timeout", "120s");
            assertThat(install.ok()).as("helm install\n%s", install).isTrue();

            Wait.atMost(Wait.QUICK).untilAsserted(() -> assertThat(refusal(() -> client().resource(watched).dryRun().delete()))
                    .contains("ValidatingAdmissionPolicy '" + release + "-network-intent-policy' with binding '" + release
                            + "-network-intent-policy' denied request: NetworkPolicy " + ns + "/probe-mi-probe-in enforces the mandatory"
                            + " security rule"));
            serviceAccount.resource(watched).dryRun().delete();
            client().resource(elsewhere).dryRun().delete();
        } finally {
            Helm.Result uninstall = Helm.run("uninstall", release, "--namespace", ns, "--wait", "--timeout", "120s");
            assertThat(uninstall.ok() || uninstall.stderr().contains("not found")).as("helm uninstall\n%s", uninstall).isTrue();
            client().namespaces().withName(unwatched).delete();
        }
        assertThat(client().admissionRegistration().v1().validatingAdmissionPolicies().withName(release + "-network-intent-policy").get())
                .as("uninstall removes the policies").isNull();
    }

    static NetworkPolicy mandatoryRule(String ns) {
        return client().resource(new NetworkPolicyBuilder().withNewMetadata().withName("probe-mi-probe-in").withNamespace(ns)
                .addToLabels("app.kubernetes.io/managed-by", "sqlmi-operator").addToLabels("sqlmi.io/rule-origin", "Mandatory")
                .addToLabels("sqlmi.io/virtual-cluster", "vc1").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .endSpec().build()).create();
    }

    static KubernetesClient impersonating(String user) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client().getConfiguration())
                .withImpersonateUsername(user).withImpersonateGroups("system:masters").build()).build();
    }

    static String refusal(Runnable request) {
        try {
            request.run();
        } catch (KubernetesClientException refused) {
            assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(403);
            return refused.getStatus().getMessage();
        }
        throw new AssertionError("the request was admitted");
    }
}
