package io.sqlmi.e2e.gitops;

import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.TestCluster;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Status objects of the real operator in each state a GitOps tool must tell apart, written to e2e/target/gitops-status/
 * with the health Argo CD and Flux's kstatus must give them. The Go tests in gitops/ (run after this suite by the
 * gitops Maven module) put them through the shipped Lua health check, in Argo CD's interpreter, and through kstatus.
 * gitops/testdata/ holds a copy of one such run, so that those tests also run without a cluster
 * (refresh it with {@code cp e2e/target/gitops-status/*.json gitops/testdata/}).
 */
class GitOpsStatusIT {

    static final Path OUT = TestCluster.repoRoot().resolve("e2e/target/gitops-status");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("gitops");

    @BeforeAll
    static void operatorRuns() throws IOException {
        OperatorProcess.shared();
        Files.createDirectories(OUT);
    }

    /** Writes {case, source, expect: {argocd, kstatus}, object} as OUT/case.json. */
    static void capture(String name, String source, String argocd, String kstatus, GenericKubernetesResource object) throws IOException {
        Map<String, Object> json = JSON.convertValue(object, LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) json.get("metadata");
        metadata.remove("managedFields");
        Map<String, Object> fixture = new LinkedHashMap<>();
        fixture.put("case", name);
        fixture.put("source", source);
        fixture.put("expect", Map.of("argocd", argocd, "kstatus", kstatus));
        fixture.put("object", json);
        Files.writeString(OUT.resolve(name + ".json"), JSON.writeValueAsString(fixture) + "\n");
    }

    static void captured(String name, String argocd, String kstatus, GenericKubernetesResource object) throws IOException {
        capture(name, "captured from the operator by GitOpsStatusIT", argocd, kstatus, object);
    }

    /** Polls fast for a state that lasts a moment (a resize window, a rollout). */
    static GenericKubernetesResource whenInState(String expected, Supplier<GenericKubernetesResource> read) {
        GenericKubernetesResource[] seen = new GenericKubernetesResource[1];
        Wait.atMost(Wait.READY).pollInterval(Duration.ofMillis(50)).until(() -> {
            seen[0] = read.get();
            return expected.equals(state(seen[0]));
        });
        return seen[0];
    }

    static void ready(GenericKubernetesResource object) {
        assertThat(state(object)).isIn("Ready", "Approved");
        assertThat(condition(object, "Ready")).containsEntry("status", "True");
    }

    @Test
    @SuppressWarnings("unchecked")
    void virtualClustersAndInstancesThroughTheirStates() throws IOException {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.8.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.atMost(Wait.READY).until(() -> "Ready".equals(state(CustomResources.managedInstance(ns, "mi1")))
                && "Ready".equals(state(CustomResources.virtualCluster(ns, "vc1"))));
        GenericKubernetesResource vc = CustomResources.virtualCluster(ns, "vc1");
        ready(vc);
        captured("virtualcluster-ready", "Healthy", "Current", vc);
        GenericKubernetesResource mi = CustomResources.managedInstance(ns, "mi1");
        ready(mi);
        captured("managedinstance-ready", "Healthy", "Current", mi);

        // A resizing cluster keeps Ready=True (it serves its instances meanwhile): kstatus, which reads only Ready,
        // calls it Current; the Lua check reads the state.
        CustomResources.create(ns, CustomResources.instanceYaml("mi2", "vc1", "BusinessCritical", 8, 32));
        captured("virtualcluster-resizing", "Progressing", "Current", whenInState("Resizing", () -> CustomResources.virtualCluster(ns, "vc1")));

        edit(ns, "mi1", m -> {
            m.getMetadata().getAnnotations().put("sqlmi.io/reconcile-policy", "skip");
            return m;
        });
        edit(ns, "mi1", m -> {
            ((Map<String, Object>) m.getAdditionalProperties().get("spec")).put("vCores", 16);
            return m;
        });
        GenericKubernetesResource stale = CustomResources.managedInstance(ns, "mi1");
        assertThat(stale.getMetadata().getGeneration()).isGreaterThan(((Number) CustomResources.at(stale, "status", "observedGeneration")).longValue());
        assertThat(state(stale)).as("the status still says Ready, of an older generation").isEqualTo("Ready");
        captured("managedinstance-stale", "Progressing", "InProgress", stale);
        edit(ns, "mi1", m -> {
            m.getMetadata().getAnnotations().remove("sqlmi.io/reconcile-policy");
            return m;
        });
        Wait.untilReady(ns, "ManagedInstance/mi1");

        // An engine that asks for more CPU than any node has: the StatefulSet replaces the pod with one that cannot
        // be scheduled, and the instance stays Updating.
        edit(ns, "mi1", m -> {
            ((Map<String, Object>) m.getAdditionalProperties().get("spec")).put("engine",
                    Map.of("resources", Map.of("requests", Map.of("cpu", "1000", "memory", "64Mi"))));
            return m;
        });
        captured("managedinstance-updating", "Progressing", "InProgress", whenInState("Updating", () -> CustomResources.managedInstance(ns, "mi1")));

        CustomResources.create(ns, CustomResources.instanceYaml("mi-nopass", "vc1", "GeneralPurpose", 4, 32)
                + "  administratorLoginPasswordSecretRef: {name: no-such-secret}\n");
        captured("managedinstance-failed", "Degraded", "InProgress", whenInState("Failed", () -> CustomResources.managedInstance(ns, "mi-nopass")));

        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc2", "10.9.0.0/24"));
        captured("virtualcluster-failed", "Degraded", "InProgress", whenInState("Failed", () -> CustomResources.virtualCluster(ns, "vc2")));
    }

    @Test
    void anInstanceStoppedAndStartedAgain() throws IOException {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.8.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.untilReady(ns, "ManagedInstance/mi1");

        setStopped(ns, true);
        captured("managedinstance-stopping", "Progressing", "InProgress", whenInState("Stopping", () -> CustomResources.managedInstance(ns, "mi1")));
        GenericKubernetesResource stopped = whenInState("Stopped", () -> CustomResources.managedInstance(ns, "mi1"));
        assertThat(condition(stopped, "Stopped")).containsEntry("status", "True");
        captured("managedinstance-stopped", "Suspended", "InProgress", stopped);
        setStopped(ns, false);
        captured("managedinstance-starting", "Progressing", "InProgress", whenInState("Starting", () -> CustomResources.managedInstance(ns, "mi1")));
    }

    static void setStopped(String ns, boolean stopped) {
        CustomResources.kind("ManagedInstance").inNamespace(ns).withName("mi1").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"stopped\":" + stopped + "}}");
    }

    @Test
    void aClusterWaitingForItsPartnerAndItsInstanceAreCreating() throws IOException {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.8.0.0/24") + "  dnsZonePartner: {name: no-such-cluster}\n");
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        captured("virtualcluster-creating", "Progressing", "InProgress", whenInState("Creating", () -> CustomResources.virtualCluster(ns, "vc1")));
        Wait.atMost(Wait.READY).until(() -> condition(CustomResources.managedInstance(ns, "mi1"), "VirtualClusterReady") != null);
        GenericKubernetesResource mi = CustomResources.managedInstance(ns, "mi1");
        assertThat(state(mi)).isEqualTo("Creating");
        captured("managedinstance-creating", "Progressing", "InProgress", mi);
    }

    @Test
    void endpointsThroughTheirStates() throws IOException {
        String ns = namespace.name();
        String other = ns.substring(0, Math.min(ns.length(), 50)) + "-vnet-b";
        client().resource(new NamespaceBuilder().withNewMetadata().withName(other).addToLabels("sqlmi.io/e2e", "true")
                .addToLabels("sqlmi.io/virtual-network", "vnet-b").endMetadata().build()).create();
        try {
            CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.8.0.0/24"));
            CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
            Wait.atMost(Wait.READY).until(() -> "Ready".equals(state(CustomResources.managedInstance(ns, "mi1"))));
            CustomResources.create(ns, endpointYaml("mi1-public", "Public", ns));
            CustomResources.create(other, endpointYaml("mi1-pe", "Private", ns));
            CustomResources.create(ns, endpointYaml("pe-same-subnet", "Private", ns));
            GenericKubernetesResource publicEndpoint = whenInState("Ready", () -> CustomResources.endpoint(ns, "mi1-public"));
            ready(publicEndpoint);
            captured("endpoint-public-ready", "Healthy", "Current", publicEndpoint);
            GenericKubernetesResource approved = whenInState("Approved", () -> CustomResources.endpoint(other, "mi1-pe"));
            ready(approved);
            captured("endpoint-private-approved", "Healthy", "Current", approved);
            captured("endpoint-private-rejected", "Degraded", "InProgress", whenInState("Rejected", () -> CustomResources.endpoint(ns, "pe-same-subnet")));

            CustomResources.kind("ManagedInstance").inNamespace(ns).withName("mi1").delete();
            captured("endpoint-private-disconnected", "Degraded", "InProgress",
                    whenInState("Disconnected", () -> CustomResources.endpoint(other, "mi1-pe")));
        } finally {
            client().namespaces().withName(other).delete();
        }
    }

    static String endpointYaml(String name, String type, String instanceNamespace) {
        return """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: %s}
                spec: {type: %s, managedInstance: {name: mi1, namespace: %s}}
                """.formatted(name, type, instanceNamespace);
    }

    /** Edits an instance like kubectl edit: again on a conflict with the operator's own status writes. */
    static void edit(String ns, String name, java.util.function.UnaryOperator<GenericKubernetesResource> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                CustomResources.edit("ManagedInstance", ns, name, change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
