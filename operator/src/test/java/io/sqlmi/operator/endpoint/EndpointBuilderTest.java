package io.sqlmi.operator.endpoint;

import io.sqlmi.operator.controllers.EndpointServiceDependentResource;

import static io.sqlmi.operator.testing.Fixtures.NAMESPACE;
import static io.sqlmi.operator.testing.Fixtures.endpoint;
import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.testing.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointBuilderTest {

    @Test
    void theVnetLocalEndpointIsNamedAfterTheInstanceAndPointsAtIt() {
        Endpoint endpoint = EndpointBuilder.vnetLocal(managedInstance("mi1"));

        assertThat(endpoint.getMetadata().getName()).isEqualTo("mi1-vnet-local");
        assertThat(endpoint.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(endpoint.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "sqlmi-operator")
                .containsEntry(Labels.MANAGED_INSTANCE, "mi1").containsEntry(Labels.COMPONENT, "vnet-local-endpoint");
        assertThat(endpoint.getSpec().getType()).isEqualTo(EndpointType.VNetLocal);
        assertThat(endpoint.getSpec().getManagedInstance().getName()).isEqualTo("mi1");
        assertThat(endpoint.getSpec().getConnectionType()).as("computed values go to status only").isNull();
        assertThat(EndpointTargets.targets(endpoint, managedInstance("mi1"))).isTrue();
        assertThat(new EndpointServiceDependentResource.Wanted().isMet(null, endpoint, null)).as("no Service of its own").isFalse();
    }

    @Test
    void aPublicEndpointIsALoadBalancerOfThePublicClassOn3342InFrontOfTheGatewaysPublicListener() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);
        var vc = virtualCluster();

        Service service = EndpointBuilder.publicService(endpoint, vc);

        assertThat(service.getMetadata().getName()).isEqualTo("mi1-public");
        assertThat(service.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(service.getMetadata().getLabels()).containsEntry(Labels.ENDPOINT, "mi1-public")
                .containsEntry(Labels.COMPONENT, "public-endpoint");
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getLoadBalancerClass()).as("no other load balancer touches it").isEqualTo("sqlmi.io/public");
        assertThat(service.getSpec().getAllocateLoadBalancerNodePorts()).isFalse();
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort, ServicePort::getTargetPort)
                .containsExactly(tuple(3342, new IntOrString("public")));
        var gatewayPods = GatewayBuilder.deployment(vc, 2, TestConfigs.shipped().gateway(), TestConfigs.shipped().certificates()).getSpec().getTemplate();
        assertThat(gatewayPods.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(gatewayPods.getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("public:3342"));
    }

    @Test
    void aPrivateEndpointIsASelectorlessServiceOn1433InItsOwnNamespace() {
        Endpoint endpoint = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE);

        Service service = EndpointBuilder.privateService(endpoint);

        assertThat(service.getMetadata().getNamespace()).isEqualTo("vnet-b-apps");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(tuple("tds", 1433));
        assertThat(new EndpointServiceDependentResource.Wanted().isMet(null, endpoint, null)).as("a Service, whatever the instance").isTrue();
    }

    @Test
    void theSliceOfAPrivateEndpointListsTheGatewayPodsSortedAndBelongsToItsService() {
        Endpoint endpoint = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE);

        EndpointSlice slice = EndpointBuilder.privateSlice(endpoint, List.of("10.244.1.9", "10.244.0.7"));

        assertThat(slice.getMetadata().getName()).isEqualTo("mi1-pe-gateway");
        assertThat(slice.getMetadata().getNamespace()).isEqualTo("vnet-b-apps");
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "mi1-pe")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "sqlmi-operator.sqlmi.io");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getEndpoints()).extracting(e -> e.getAddresses().get(0)).containsExactly("10.244.0.7", "10.244.1.9");
        assertThat(slice.getEndpoints()).allMatch(e -> Boolean.TRUE.equals(e.getConditions().getReady()));
        assertThat(slice.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).as("matches the Service's port name").isEqualTo(EndpointBuilder.privateService(endpoint)
                    .getSpec().getPorts().get(0).getName());
            assertThat(p.getPort()).as("the gateway's private listener").isEqualTo(1435);
        });
    }

    @Test
    void endpointTargetsDefaultTheInstanceNamespaceToTheEndpoints() {
        Endpoint sameNamespace = endpoint("e", NAMESPACE, EndpointType.Public, "mi1", null);
        Endpoint blankNamespace = endpoint("e", NAMESPACE, EndpointType.Public, "mi1", " ");
        Endpoint elsewhere = endpoint("e", "other", EndpointType.Private, "mi1", null);

        assertThat(EndpointTargets.instanceNamespace(sameNamespace)).isEqualTo(NAMESPACE);
        assertThat(EndpointTargets.instanceNamespace(blankNamespace)).isEqualTo(NAMESPACE);
        assertThat(EndpointTargets.targets(elsewhere, managedInstance("mi1"))).isFalse();
        assertThat(EndpointTargets.targets(sameNamespace, managedInstance("mi2"))).isFalse();
    }
}
