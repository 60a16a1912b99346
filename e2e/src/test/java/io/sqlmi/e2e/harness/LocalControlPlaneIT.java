package io.sqlmi.e2e.harness;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.TestCluster;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves that the cluster under the suite is a real one: the built-in controllers, the scheduler, the kubelet
 * of the real node (and kwok's for the fake ones), volume provisioning, garbage collection and admission all
 * do their work.
 */
class LocalControlPlaneIT {

    private static final Map<String, String> APP = Map.of("app", "smoke");
    /** The pod sandbox image of the real node, built and imported with the cluster: any node has it. */
    private static final String PAUSE_VERSION = TestCluster.pinnedVersion("PAUSE_VERSION");

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("harness");

    @Test
    void serverAndKubectlReportThePinnedKubernetesVersion() throws Exception {
        String server = client().getKubernetesVersion().getGitVersion();
        Process kubectl = new ProcessBuilder("kubectl", "version", "-o", "yaml").redirectErrorStream(true).start();
        String kubectlOutput = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as(kubectlOutput).isZero();

        assertThat(kubectlOutput).contains("serverVersion:").contains("gitVersion: " + server);
        if (TestCluster.isLocalControlPlane()) {
            assertThat(server).isEqualTo(TestCluster.pinnedVersion("KUBERNETES_VERSION"));
        }
    }

    @Test
    void readyNodesSpreadOverThreeZones() {
        List<Node> ready = client().nodes().list().getItems().stream()
                .filter(n -> n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .toList();
        assertThat(ready).hasSizeGreaterThanOrEqualTo(3);
        assertThat(ready.stream().map(n -> n.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
                .filter(Objects::nonNull).distinct()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void deploymentGetsRunningReadyPodsOnNodes() {
        client().apps().deployments().inNamespace(namespace.name()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(APP).endSelector()
                .withTemplate(podTemplate()).endSpec().build()).create();

        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().apps().deployments()
                .inNamespace(namespace.name()).withName("web").get().getStatus().getReadyReplicas()).isEqualTo(2));
        List<Pod> pods = client().pods().inNamespace(namespace.name()).withLabels(APP).list().getItems();
        assertThat(pods).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getSpec().getNodeName()).isNotBlank();
            assertThat(pod.getStatus().getPodIP()).isNotBlank();
        });
    }

    @Test
    void statefulSetVolumeClaimsBindAndPodsBecomeReady() {
        client().apps().statefulSets().inNamespace(namespace.name()).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(2).withServiceName("db")
                .withNewSelector().withMatchLabels(APP).endSelector()
                .withTemplate(podTemplate())
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("3Gi")).endResources()
                .endSpec().endVolumeClaimTemplate()
                .endSpec().build()).create();

        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().apps().statefulSets()
                .inNamespace(namespace.name()).withName("db").get().getStatus().getReadyReplicas()).isEqualTo(2));
        List<PersistentVolumeClaim> claims = client().persistentVolumeClaims().inNamespace(namespace.name())
                .list().getItems();
        assertThat(claims).extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("data-db-0", "data-db-1");
        assertThat(claims).allSatisfy(claim -> {
            assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(claim.getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("3Gi"));
        });
    }

    @Test
    void serviceGetsEndpointSlicesWithThePodAddresses() {
        client().apps().deployments().inNamespace(namespace.name()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(APP).endSelector()
                .withTemplate(podTemplate()).endSpec().build()).create();
        client().services().inNamespace(namespace.name()).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withSelector(APP).addNewPort().withPort(1433).withNewTargetPort(1433).endPort()
                .endSpec().build()).create();

        Wait.atMost(Wait.READY).untilAsserted(() -> {
            List<String> podIps = client().pods().inNamespace(namespace.name()).withLabels(APP).list().getItems()
                    .stream().map(p -> p.getStatus().getPodIP()).filter(Objects::nonNull).sorted().toList();
            List<EndpointSlice> slices = client().discovery().v1().endpointSlices().inNamespace(namespace.name())
                    .withLabel("kubernetes.io/service-name", "web").list().getItems();
            // A slice has no endpoints until the pods behind it are known, and an endpoint no conditions at first.
            List<String> ready = slices.stream().flatMap(s -> s.getEndpoints() == null ? Stream.empty() : s.getEndpoints().stream())
                    .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady()))
                    .map(Endpoint::getAddresses).flatMap(List::stream).sorted().toList();
            assertThat(podIps).hasSize(2);
            assertThat(ready).isEqualTo(podIps);
        });
        assertThat(client().services().inNamespace(namespace.name()).withName("web").get().getSpec().getClusterIP())
                .isNotBlank();
    }

    @Test
    void deletingAnOwnerGarbageCollectsItsChildren() {
        ConfigMap owner = client().configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owner").endMetadata().build()).create();
        client().configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("child").addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
                .withName("owner").withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata()
                .build()).create();
        client().apps().deployments().inNamespace(namespace.name()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(APP).endSelector()
                .withTemplate(podTemplate()).endSpec().build()).create();
        Wait.atMost(Wait.READY).until(() -> client().pods().inNamespace(namespace.name()).withLabels(APP)
                .list().getItems().size() == 1);

        client().configMaps().inNamespace(namespace.name()).withName("owner").delete();
        client().apps().deployments().inNamespace(namespace.name()).withName("web").delete();

        Wait.atMost(Wait.READY).untilAsserted(() -> {
            assertThat(client().configMaps().inNamespace(namespace.name()).withName("child").get()).isNull();
            assertThat(client().apps().replicaSets().inNamespace(namespace.name()).list().getItems()).isEmpty();
            assertThat(client().pods().inNamespace(namespace.name()).list().getItems()).isEmpty();
        });
    }

    @Test
    void validatingAdmissionPolicyRejectsAViolatingObjectWithItsMessage() {
        String policy = "e2e-require-owner-" + namespace.name();
        client().admissionRegistration().v1().validatingAdmissionPolicies().resource(
                new ValidatingAdmissionPolicyBuilder().withNewMetadata().withName(policy).endMetadata()
                        .withNewSpec().withFailurePolicy("Fail")
                        .withNewMatchConstraints().addNewResourceRule().withApiGroups("").withApiVersions("v1")
                        .withOperations("CREATE", "UPDATE").withResources("configmaps").endResourceRule()
                        .endMatchConstraints()
                        .addNewValidation().withExpression("has(object.data) && 'owner' in object.data")
                        .withMessage("every ConfigMap here needs data.owner: add the team that owns it")
                        .endValidation().endSpec().build()).create();
        client().admissionRegistration().v1().validatingAdmissionPolicyBindings().resource(
                new ValidatingAdmissionPolicyBindingBuilder().withNewMetadata().withName(policy).endMetadata()
                        .withNewSpec().withPolicyName(policy).withValidationActions("Deny")
                        .withNewMatchResources().withNewNamespaceSelector()
                        .addToMatchLabels("kubernetes.io/metadata.name", namespace.name())
                        .endNamespaceSelector().endMatchResources().endSpec().build()).create();
        try {
            Wait.atMost(Wait.QUICK).untilAsserted(() ->
                    assertThatThrownBy(() -> client().configMaps().inNamespace(namespace.name())
                            .resource(new ConfigMapBuilder().withNewMetadata().withName("no-owner").endMetadata()
                                    .addToData("x", "y").build()).dryRun().create())
                            .isInstanceOf(KubernetesClientException.class)
                            .hasMessageContaining("every ConfigMap here needs data.owner: add the team that owns it")
                            .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422)));
            ConfigMap allowed = client().configMaps().inNamespace(namespace.name()).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("with-owner").endMetadata().addToData("owner", "team-a").build())
                    .create();
            assertThat(allowed.getMetadata().getUid()).isNotBlank();
        } finally {
            client().admissionRegistration().v1().validatingAdmissionPolicyBindings().withName(policy).delete();
            client().admissionRegistration().v1().validatingAdmissionPolicies().withName(policy).delete();
        }
    }

    private static PodTemplateSpec podTemplate() {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(APP).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("main").withImage(LocalCluster.image("pause", PAUSE_VERSION))
                .withImagePullPolicy("Never")
                .addNewPort().withContainerPort(1433).endPort().endContainer().endSpec().build();
    }

}
