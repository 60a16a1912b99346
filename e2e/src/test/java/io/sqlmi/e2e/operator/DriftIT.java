package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sqlmi.e2e.support.Conflicts;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the operator owns comes back when someone deletes or edits it. */
class DriftIT {


    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("drift");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @BeforeEach
    void instanceReady() {
        CustomResources.create(namespace.name(), CustomResources.virtualClusterYaml("vc1", "10.2.0.0/26"));
        CustomResources.create(namespace.name(), CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.untilReady(namespace.name(), "ManagedInstance/mi1");
    }

    @Test
    void deletedMandatoryNetworkPolicyComesBack() {
        NetworkPolicy before = policy("vc1-mi-healthprobe-in");
        client().resource(before).delete();
        Wait.atMost(Wait.RESTORED).untilAsserted(() -> {
            NetworkPolicy after = policy("vc1-mi-healthprobe-in");
            assertThat(after).isNotNull();
            assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
            assertThat(after.getSpec()).isEqualTo(before.getSpec());
        });
    }

    @Test
    void editedMandatoryNetworkPolicyIsRestored() {
        NetworkPolicy before = policy("vc1-mi-aad-out");
        NetworkPolicy edited = Conflicts.retried(() -> client().network().networkPolicies().inNamespace(namespace.name())
                .withName("vc1-mi-aad-out").edit(p -> {
                    p.getSpec().getEgress().get(0).getPorts().get(0).setPort(new IntOrString(8443));
                    p.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().setCidr("0.0.0.0/0");
                    return p;
                }));
        assertThat(edited.getSpec()).isNotEqualTo(before.getSpec());
        Wait.atMost(Wait.RESTORED).untilAsserted(() -> assertThat(policy("vc1-mi-aad-out").getSpec()).isEqualTo(before.getSpec()));
    }

    @Test
    void deletedEngineServiceComesBackWithTheSameRedirectPort() {
        Service before = client().services().inNamespace(namespace.name()).withName("mi1-primary").get();
        client().resource(before).delete();
        Wait.atMost(Wait.RESTORED).untilAsserted(() -> {
            Service after = client().services().inNamespace(namespace.name()).withName("mi1-primary").get();
            assertThat(after).isNotNull();
            assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
            assertThat(after.getSpec().getPorts()).isEqualTo(before.getSpec().getPorts());
        });
    }

    @Test
    void editedEngineServiceIsRestored() {
        Service before = client().services().inNamespace(namespace.name()).withName("mi1-engine").get();
        Service edited = Conflicts.retried(() -> client().services().inNamespace(namespace.name()).withName("mi1-engine").edit(s -> {
            s.getSpec().getPorts().get(0).setPort(9999);
            return s;
        }));
        assertThat(edited.getSpec().getPorts().get(0).getPort()).isEqualTo(9999);
        Wait.atMost(Wait.RESTORED).untilAsserted(() -> assertThat(client().services().inNamespace(namespace.name())
                .withName("mi1-engine").get().getSpec().getPorts()).isEqualTo(before.getSpec().getPorts()));
    }

    private NetworkPolicy policy(String name) {
        return client().network().networkPolicies().inNamespace(namespace.name()).withName(name).get();
    }
}
