package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deleting, detaching and pausing instances and virtual clusters. */
class LifecycleIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("lifecycle");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @BeforeEach
    void instanceReady() {
        CustomResources.create(namespace.name(), CustomResources.virtualClusterYaml("vc1", "10.5.0.0/24"));
        CustomResources.create(namespace.name(), CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.untilReady(namespace.name(), "ManagedInstance/mi1");
    }

    @Test
    void deletingAnInstanceRemovesItsChildrenAndKeepsItsData() {
        String ns = namespace.name();
        CustomResources.kind("ManagedInstance").inNamespace(ns).withName("mi1").delete();
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            assertThat(children(ns, "mi1")).isEmpty();
            assertThat(CustomResources.managedInstance(ns, "mi1")).isNull();
        });
        assertThat(client().persistentVolumeClaims().inNamespace(ns).withName("data-mi1-0").get())
                .as("volumes are retained by default").isNotNull();
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().apps().deployments().inNamespace(ns)
                .withName("vc1-gateway").get().getSpec().getReplicas()).as("no instance left: gateway at zero").isZero());
    }

    @Test
    void detachOnDeleteLeavesTheChildrenBehind() {
        String ns = namespace.name();
        CustomResources.edit("ManagedInstance", ns, "mi1", mi -> {
            mi.getMetadata().getAnnotations().put("sqlmi.io/reconcile-policy", "detach-on-delete");
            return mi;
        });
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(children(ns, "mi1"))
                .hasSizeGreaterThanOrEqualTo(7).allSatisfy(child -> assertThat(child.getMetadata().getOwnerReferences())
                        .as(child.getKind() + " " + child.getMetadata().getName()).isNullOrEmpty()));
        CustomResources.kind("ManagedInstance").inNamespace(ns).withName("mi1").delete();
        Wait.atMost(Wait.READY).until(() -> CustomResources.managedInstance(ns, "mi1") == null);
        // Give the garbage collector time to act, were anything still owned.
        sleep(5000);
        assertThat(client().apps().statefulSets().inNamespace(ns).withName("mi1").get()).isNotNull();
        assertThat(client().services().inNamespace(ns).withName("mi1-primary").get()).isNotNull();
        assertThat(client().secrets().inNamespace(ns).withName("mi1-admin").get()).isNotNull();
    }

    @Test
    void skipPausesReconciliationUntilRemoved() {
        String ns = namespace.name();
        CustomResources.edit("ManagedInstance", ns, "mi1", mi -> {
            mi.getMetadata().getAnnotations().put("sqlmi.io/reconcile-policy", "skip");
            return mi;
        });
        CustomResources.edit("ManagedInstance", ns, "mi1", mi -> {
            ((java.util.Map<String, Object>) mi.getAdditionalProperties().get("spec")).put("tier", "BusinessCritical");
            return mi;
        });
        sleep(5000);
        assertThat(client().apps().statefulSets().inNamespace(ns).withName("mi1").get().getSpec().getReplicas()).isEqualTo(1);

        CustomResources.edit("ManagedInstance", ns, "mi1", mi -> {
            mi.getMetadata().getAnnotations().remove("sqlmi.io/reconcile-policy");
            return mi;
        });
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            assertThat(client().apps().statefulSets().inNamespace(ns).withName("mi1").get().getSpec().getReplicas()).isEqualTo(4);
            assertThat(state(CustomResources.managedInstance(ns, "mi1"))).isEqualTo("Ready");
        });
    }

    @Test
    void deletingTheVirtualClusterRemovesGatewayAndRulesAndTellsTheInstance() {
        String ns = namespace.name();
        CustomResources.kind("VirtualCluster").inNamespace(ns).withName("vc1").delete();
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            assertThat(client().apps().deployments().inNamespace(ns).withName("vc1-gateway").get()).isNull();
            assertThat(client().network().networkPolicies().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client().configMaps().inNamespace(ns).withName("vc1-gateway-routes").get()).isNull();
            var ready = CustomResources.condition(CustomResources.managedInstance(ns, "mi1"), "Ready");
            assertThat(ready).containsEntry("status", "False").containsEntry("reason", "VirtualClusterNotFound");
            assertThat((String) ready.get("message")).contains("VirtualCluster vc1 does not exist").contains("create it");
        });
    }

    @Test
    void growingTheStorageExpandsTheVolumesAndShrinkingIsRefused() {
        String ns = namespace.name();
        setStorage(ns, 96);
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().persistentVolumeClaims().inNamespace(ns)
                .withName("data-mi1-0").get().getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("96Gi")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> setStorage(ns, 64))
                .hasMessageContaining("storageSizeInGB can only grow");
    }

    /**
     * A merge patch of the spec alone, as kubectl patch sends it: no resourceVersion, so the operator writing the
     * status meanwhile cannot turn the answer into a conflict; only admission decides.
     */
    private static void setStorage(String ns, int gb) {
        CustomResources.kind("ManagedInstance").inNamespace(ns).withName("mi1")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"storageSizeInGB\":" + gb + "}}");
    }

    static List<HasMetadata> children(String ns, String mi) {
        List<HasMetadata> children = new ArrayList<>();
        children.addAll(client().apps().statefulSets().inNamespace(ns).withLabel("sqlmi.io/managed-instance", mi).list().getItems());
        children.addAll(client().services().inNamespace(ns).withLabel("sqlmi.io/managed-instance", mi).list().getItems());
        children.addAll(client().secrets().inNamespace(ns).withLabel("sqlmi.io/managed-instance", mi).list().getItems());
        children.addAll(CustomResources.kind("Endpoint").inNamespace(ns).withLabel("sqlmi.io/managed-instance", mi).list().getItems());
        return children;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
