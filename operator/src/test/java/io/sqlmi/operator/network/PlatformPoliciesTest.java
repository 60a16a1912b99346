package io.sqlmi.operator.network;

import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformPoliciesTest {

    @Test
    void privateEndpointNetworksReachOnlyTheGatewaysPrivateListenerNeverTheVnetLocalOne() {
        NetworkPolicy policy = PlatformPolicies.privateEndpointAccess(virtualCluster(), List.of("vnet-c-apps", "vnet-b-apps"));

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "gateway");
        NetworkPolicyIngressRule ingress = policy.getSpec().getIngress().get(0);
        assertThat(ingress.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getPort().getIntVal()).as("the private listener, not 1433").isEqualTo(1435);
        });
        assertThat(ingress.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
                .getMatchExpressions().get(0).getValues()).containsExactly("vnet-b-apps", "vnet-c-apps"));
    }
}
