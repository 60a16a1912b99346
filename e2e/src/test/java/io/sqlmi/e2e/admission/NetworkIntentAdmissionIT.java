package io.sqlmi.e2e.admission;

import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admission policies of crds/admission/ with the real operator and the real controller manager: the operator
 * still creates everything in a delegated subnet, the StatefulSet and ReplicaSet controllers still start its pods,
 * the garbage collector and the namespace controller still delete with the VirtualCluster or the namespace, and the
 * operator still restores drift, while the suite's own identity (a cluster admin) is refused. Here the operator runs as
 * user sqlmi-operator (e2e/cluster/pki.sh) and kube-controller-manager as system:kube-controller-manager, without
 * per-controller credentials. The operator does not label delegated subnets yet: the tests label the namespace.
 */
class NetworkIntentAdmissionIT {

    static final String DELEGATED = "sqlmi.io/delegated-subnet";

    static String operatorUser;
    static String suiteUser;

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("intent");

    @BeforeAll
    static void policiesBoundToTheOperatorsIdentity() {
        OperatorProcess.shared();
        try (KubernetesClient operator = AdmissionPolicies.operatorClient()) {
            operatorUser = AdmissionPolicies.userOf(operator);
            suiteUser = AdmissionPolicies.userOf(client());
            assumeFalse(operatorUser.equals(suiteUser), "the operator runs with the suite's own identity " + suiteUser
                    + ": nothing to tell them apart by (set SQLMI_OPERATOR_KUBECONFIG)");
            AdmissionPolicies.install(operatorUser, operator);
        }
    }

    @AfterAll
    static void removeThePolicies() {
        if (operatorUser != null && !operatorUser.equals(suiteUser)) {
            AdmissionPolicies.uninstall();
        }
    }

    /** Labels the namespace as the operator will: the subnet of VirtualCluster vc1, in vnet-e2e. */
    void delegate(String ns) {
        client().namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels(DELEGATED, "vc1").addToLabels("sqlmi.io/virtual-network", "vnet-e2e").endMetadata().build());
    }

    void virtualClusterReady(String ns, boolean withInstance) {
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.7.0.0/26"));
        if (withInstance) {
            CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
            Wait.atMost(Wait.READY).until(() -> "Ready".equals(state(CustomResources.managedInstance(ns, "mi1"))));
        }
        Wait.atMost(Wait.READY).until(() -> policy(ns, "vc1-mi-healthprobe-in") != null && policy(ns, "vc1-platform-dns-out") != null);
    }

    static NetworkPolicy policy(String ns, String name) {
        return client().network().networkPolicies().inNamespace(ns).withName(name).get();
    }

    static String refusal(Runnable request) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, request::run);
        assertThat(refused).as("the API server refuses the request").isNotNull();
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(403);
        return refused.getStatus().getMessage();
    }

    static Pod debugPod(String ns) {
        return new PodBuilder().withNewMetadata().withName("debug").withNamespace(ns).endMetadata().withNewSpec()
                .addNewContainer().withName("debug").withImage("busybox:1").endContainer().endSpec().build();
    }

    @Test
    void theOperatorBringsAnInstanceToReadyInADelegatedSubnetWhereNothingElseRuns() {
        String ns = namespace.name();
        delegate(ns);
        virtualClusterReady(ns, true);

        List<Pod> pods = client().pods().inNamespace(ns).list().getItems();
        assertThat(pods).as("the engine's pod (StatefulSet controller) and the gateway's (ReplicaSet controller) were admitted")
                .extracting(p -> p.getMetadata().getOwnerReferences().get(0).getKind())
                .contains("StatefulSet", "ReplicaSet");
        assertThat(refusal(() -> client().resource(debugPod(ns)).create())).endsWith("Namespace " + ns
                + " is the subnet of VirtualCluster vc1, delegated to Microsoft.Sql/managedInstances: a delegated subnet holds SQL"
                + " Managed Instance resources only, so only the sqlmi operator's workloads run here and pod debug is refused"
                + " (requested by " + suiteUser + "). Run it in another namespace of the virtual network (label"
                + " sqlmi.io/virtual-network: vnet-e2e); it reaches the instances through their endpoints.");
        assertThat(refusal(() -> client().apps().statefulSets().inNamespace(ns).withName("mi1").scale(2)))
                .contains("is refused (requested by " + suiteUser + ")");

        String apps = ns.substring(0, Math.min(ns.length(), 55)) + "-apps";
        client().resource(new NamespaceBuilder().withNewMetadata().withName(apps).addToLabels("sqlmi.io/e2e", "true")
                .addToLabels("sqlmi.io/virtual-network", "vnet-e2e").endMetadata().build()).create();
        try {
            client().resource(debugPod(apps)).dryRun().create();
        } finally {
            client().namespaces().withName(apps).delete();
        }
    }

    @Test
    void mandatoryRulesResistEveryoneButTheOperatorWhichStillRestoresThem() {
        String ns = namespace.name();
        delegate(ns);
        virtualClusterReady(ns, false);
        NetworkPolicy before = policy(ns, "vc1-mi-healthprobe-in");
        NetworkPolicy drifted = new NetworkPolicyBuilder(before).editSpec().editFirstIngress().addNewPort().withProtocol("TCP")
                .withNewPort(8080).endPort().endIngress().endSpec().build();

        assertThat(refusal(() -> client().resource(before).delete())).contains("NetworkPolicy " + ns
                + "/vc1-mi-healthprobe-in enforces the mandatory security rule Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-7-0-0-26"
                + " of VirtualCluster vc1: Azure's network intent policy keeps mandatory rules in place so that the management"
                + " traffic of SQL Managed Instance keeps flowing, and only the sqlmi operator may delete them (refused for "
                + suiteUser + ")");
        assertThat(refusal(() -> client().resource(drifted).update())).contains("only the sqlmi operator may change them");
        assertThat(refusal(() -> client().resource(policy(ns, "vc1-platform-dns-out")).delete()))
                .contains("keeps platform DNS (the AzurePlatformDNS service tag) reachable");

        // Drift that got past admission (made while the binding was away) is still restored, through the policy.
        CustomResources.edit("VirtualCluster", ns, "vc1", vc -> {
            vc.getMetadata().getAnnotations().put("sqlmi.io/reconcile-policy", "skip");
            return vc;
        });
        client().resource(AdmissionPolicies.binding("sqlmi-network-intent-policy")).delete();
        Wait.atMost(Wait.READY).ignoreExceptions().until(() -> {
            client().resource(policy(ns, "vc1-mi-healthprobe-in")).dryRun().delete();
            return true;
        });
        client().network().networkPolicies().inNamespace(ns).withName("vc1-mi-healthprobe-in")
                .edit(p -> new NetworkPolicyBuilder(p).withSpec(drifted.getSpec()).build());
        client().resource(AdmissionPolicies.binding("sqlmi-network-intent-policy")).serverSideApply();
        Wait.atMost(Wait.READY).until(() -> {
            try {
                client().resource(policy(ns, "vc1-mi-healthprobe-in")).dryRun().delete();
                return false;
            } catch (KubernetesClientException refused) {
                return refused.getCode() == 403;
            }
        });
        assertThat(policy(ns, "vc1-mi-healthprobe-in").getSpec()).isEqualTo(drifted.getSpec());

        CustomResources.edit("VirtualCluster", ns, "vc1", vc -> {
            vc.getMetadata().getAnnotations().remove("sqlmi.io/reconcile-policy");
            return vc;
        });
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(policy(ns, "vc1-mi-healthprobe-in").getSpec())
                .as("restored by %s through the policy", operatorUser).isEqualTo(before.getSpec()));
    }

    @Test
    void deletingTheVirtualClusterTakesItsMandatoryRulesAlong() {
        String ns = namespace.name();
        delegate(ns);
        virtualClusterReady(ns, false);
        CustomResources.kind("VirtualCluster").inNamespace(ns).withName("vc1").delete();
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().network().networkPolicies().inNamespace(ns)
                .withLabel("sqlmi.io/virtual-cluster", "vc1").list().getItems())
                .as("deleted by the garbage collector").isEmpty());
    }

    @Test
    void deletingTheSubnetNamespaceDeletesItsMandatoryRulesAndWorkloads() {
        String ns = namespace.name();
        delegate(ns);
        virtualClusterReady(ns, true);
        client().namespaces().withName(ns).delete();
        Wait.atMost(Wait.SETTLED).untilAsserted(() -> assertThat(client().namespaces().withName(ns).get())
                .as("the namespace controller deleted everything in it").isNull());
    }

    @Test
    void thePoliciesTypeCheckWithoutWarnings() {
        for (String name : List.of("sqlmi-network-intent-policy", "sqlmi-dedicated-subnet", "sqlmi-subnet-delegation")) {
            Wait.atMost(Wait.READY).untilAsserted(() -> {
                ValidatingAdmissionPolicy policy = client().admissionRegistration().v1().validatingAdmissionPolicies()
                        .withName(name).get();
                assertThat(policy.getStatus()).as(name).isNotNull();
                assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(policy.getMetadata().getGeneration());
                assertThat(policy.getStatus().getTypeChecking()).isNotNull();
                assertThat(policy.getStatus().getTypeChecking().getExpressionWarnings()).as(name).isNullOrEmpty();
            });
        }
    }
}
