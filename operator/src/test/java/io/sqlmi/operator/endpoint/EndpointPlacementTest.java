package io.sqlmi.operator.endpoint;

import static io.sqlmi.operator.testing.Fixtures.NAMESPACE;
import static io.sqlmi.operator.testing.Fixtures.endpoint;
import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointPlacementTest {

    @Test
    void theVnetLocalEndpointIsTheOperatorsOwn() {
        Endpoint made = EndpointBuilder.vnetLocal(managedInstance("mi1"));
        Endpoint handMade = endpoint("mine", NAMESPACE, EndpointType.VNetLocal, "mi1", null);

        assertThat(EndpointPlacement.problem(made)).isNull();
        assertThat(EndpointPlacement.problem(handMade)).isEqualTo("VNet-local endpoints are made by the operator, one per"
                + " instance (mi1-vnet-local in sqlmi-subnet-a): delete this Endpoint and use that one, or create a Public or"
                + " Private endpoint.");
    }

    @Test
    void aPublicEndpointLivesWithItsInstance() {
        assertThat(EndpointPlacement.problem(endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null))).isNull();
        assertThat(EndpointPlacement.problem(endpoint("mi1-public", "apps", EndpointType.Public, "mi1", NAMESPACE)))
                .isEqualTo("a public endpoint lives in its instance's namespace (sqlmi-subnet-a), where the gateway runs:"
                        + " create it there.");
    }

    @Test
    void aPrivateEndpointLivesInAnotherNetwork() {
        assertThat(EndpointPlacement.problem(endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE))).isNull();
        assertThat(EndpointPlacement.problem(endpoint("mi1-pe", NAMESPACE, EndpointType.Private, "mi1", null)))
                .startsWith("a private endpoint gives an address in another virtual network")
                .endsWith("not in the instance's subnet sqlmi-subnet-a.");
    }

    @Test
    void theGatewaysReadyAddressesAreListedOnceInOrder() {
        EndpointSlice first = new EndpointSliceBuilder().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.0.9").withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.0.7").endEndpoint()
                .addNewEndpoint().withAddresses("10.244.0.8").withNewConditions().withReady(false).endConditions().endEndpoint()
                .build();
        EndpointSlice second = new EndpointSliceBuilder().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.0.7").endEndpoint().build();
        EndpointSlice empty = new EndpointSliceBuilder().withAddressType("IPv4").build();
        empty.setEndpoints(null);

        assertThat(EndpointModel.readyAddresses(List.of(first, second, empty))).containsExactly("10.244.0.7", "10.244.0.9");
    }
}
