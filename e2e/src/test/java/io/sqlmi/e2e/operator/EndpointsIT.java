package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Public endpoints on 3342 and private endpoints in another virtual network. */
class EndpointsIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("endpoints");
    private String otherVnet;

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @BeforeEach
    void instanceReady() {
        CustomResources.create(namespace.name(), CustomResources.virtualClusterYaml("vc1", "10.6.0.0/24"));
        CustomResources.create(namespace.name(), CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.untilReady(namespace.name(), "ManagedInstance/mi1");
        otherVnet = namespace.name().substring(0, Math.min(40, namespace.name().length())) + "-vnet-b";
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(otherVnet)
                .addToLabels("sqlmi.io/virtual-network", "vnet-b").endMetadata().build()).create();
    }

    @AfterEach
    void removeOtherVnet() {
        client().namespaces().withName(otherVnet).delete();
    }

    @Test
    void publicEndpointGetsAServiceOn3342AndSaysWhetherTrafficIsAllowed() {
        String ns = namespace.name();
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: mi1-public}
                spec: {type: Public, managedInstance: {name: mi1}}
                """);
        String zone = at(CustomResources.virtualCluster(ns, "vc1"), "status", "dnsZone");
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var endpoint = CustomResources.endpoint(ns, "mi1-public");
            assertThat(state(endpoint)).isEqualTo("Ready");
            assertThat(CustomResources.<String>at(endpoint, "status", "host")).isEqualTo("mi1.public." + zone + ".database.windows.net");
            assertThat(CustomResources.<Number>at(endpoint, "status", "port").intValue()).isEqualTo(3342);
            assertThat(CustomResources.<String>at(endpoint, "status", "connectionType")).isEqualTo("Proxy");
            assertThat(condition(endpoint, "TrafficAllowed")).containsEntry("status", "False");
            assertThat((String) condition(endpoint, "TrafficAllowed").get("message")).contains("3342").contains("securityRules");
        });
        Service service = client().services().inNamespace(ns).withName("mi1-public").get();
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getLoadBalancerClass()).isEqualTo("sqlmi.io/public");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(3342);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("public");
        });
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "gateway")
                .containsEntry("app.kubernetes.io/instance", "vc1");
        String publicAddress = service.getStatus().getLoadBalancer().getIngress().get(0).getIp();
        assertThat(publicAddress).as("from the public pool").startsWith("198.18.0.");
        assertThat(CustomResources.<String>at(CustomResources.endpoint(ns, "mi1-public"), "status", "address")).isEqualTo(publicAddress);

        CustomResources.edit("VirtualCluster", ns, "vc1", vc -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) vc.getAdditionalProperties().get("spec");
            spec.put("networkSecurityGroup", Map.of("securityRules", List.of(Map.of("name", "public_endpoint_inbound",
                    "priority", 1300, "direction", "Inbound", "access", "Allow", "protocol", "Tcp",
                    "sourceAddressPrefix", "Internet", "destinationPortRange", "3342"))));
            return vc;
        });
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(condition(CustomResources.endpoint(ns, "mi1-public"), "TrafficAllowed"))
                .containsEntry("status", "True"));
        NetworkPolicy rule = client().network().networkPolicies().inNamespace(ns).withName("vc1-user-public-endpoint-inbound-in").get();
        assertThat(rule.getSpec().getIngress().get(0).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(3342));
        assertThat(CustomResources.<List<Map<String, Object>>>at(CustomResources.managedInstance(ns, "mi1"), "status", "endpoints"))
                .extracting(e -> e.get("type")).containsExactly("VNetLocal", "Public");
    }

    @Test
    void privateEndpointGetsAFixedAddressInItsOwnNetworkLeadingToTheGateway() {
        String ns = namespace.name();
        CustomResources.create(otherVnet, CustomResources.privateEndpointYaml("mi1-pe", "mi1", ns));
        String zone = at(CustomResources.virtualCluster(ns, "vc1"), "status", "dnsZone");
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var endpoint = CustomResources.endpoint(otherVnet, "mi1-pe");
            assertThat(state(endpoint)).isEqualTo("Approved");
            assertThat(CustomResources.<String>at(endpoint, "status", "host")).isEqualTo("mi1.privatelink." + zone + ".database.windows.net");
            assertThat(CustomResources.<Number>at(endpoint, "status", "port").intValue()).isEqualTo(1433);
        });
        Service service = client().services().inNamespace(otherVnet).withName("mi1-pe").get();
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(CustomResources.<String>at(CustomResources.endpoint(otherVnet, "mi1-pe"), "status", "address")).isEqualTo(service.getSpec().getClusterIP());
        List<String> gatewayPods = client().pods().inNamespace(ns).withLabel("app.kubernetes.io/component", "gateway")
                .list().getItems().stream().map(p -> p.getStatus().getPodIP()).sorted().toList();
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            EndpointSlice slice = client().discovery().v1().endpointSlices().inNamespace(otherVnet).withName("mi1-pe-gateway").get();
            assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "mi1-pe");
            assertThat(slice.getEndpoints().stream().flatMap(e -> e.getAddresses().stream()).sorted().toList())
                    .isEqualTo(gatewayPods).hasSize(2);
            NetworkPolicy access = client().network().networkPolicies().inNamespace(ns).withName("vc1-private-endpoints-in").get();
            assertThat(access.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchExpressions().get(0)
                    .getValues()).containsExactly(otherVnet);
            assertThat(access.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
                    .as("the gateway's private listener, never its VNet-local 1433").isEqualTo(1435);
        });
        String routes = client().configMaps().inNamespace(ns).withName("vc1-gateway-routes").get().getData().get("routes.json");
        assertThat(routes).contains("mi1.privatelink." + zone + ".database.windows.net");

        CustomResources.kind("Endpoint").inNamespace(otherVnet).withName("mi1-pe").delete();
        Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().network().networkPolicies().inNamespace(ns)
                .withName("vc1-private-endpoints-in").get()).isNull());
    }

    @Test
    void endpointsAgainstTheRulesSayWhatToDo() {
        String ns = namespace.name();
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: my-own-vnet-local}
                spec: {type: VNetLocal, managedInstance: {name: mi1}}
                """);
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: pe-same-subnet}
                spec: {type: Private, managedInstance: {name: mi1}}
                """);
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var vnetLocal = CustomResources.endpoint(ns, "my-own-vnet-local");
            assertThat(state(vnetLocal)).isEqualTo("Failed");
            assertThat((String) condition(vnetLocal, "Ready").get("message")).contains("made by the operator").contains("mi1-vnet-local");
            var sameSubnet = CustomResources.endpoint(ns, "pe-same-subnet");
            assertThat(state(sameSubnet)).isEqualTo("Rejected");
            assertThat((String) condition(sameSubnet, "Ready").get("message")).contains("another virtual network");
        });
    }
}
