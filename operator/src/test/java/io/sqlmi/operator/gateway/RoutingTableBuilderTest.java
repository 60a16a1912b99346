package io.sqlmi.operator.gateway;

import static io.sqlmi.operator.testing.Fixtures.NAMESPACE;
import static io.sqlmi.operator.testing.Fixtures.endpoint;
import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withRedirectPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.MinimalTlsVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingTableBuilderTest {

    static final String ZONE = "a1b2c3d4e5f6";
    static final String SUFFIX = "database.windows.net";

    static RoutingTable build(List<ManagedInstance> instances, List<Endpoint> endpoints) {
        return RoutingTableBuilder.build(virtualCluster(), ZONE, SUFFIX, "cluster.local", instances, endpoints);
    }

    static RoutingTable.InstanceRoute routeOf(RoutingTable table, String name) {
        return table.instances().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anInstanceAnswersOnItsVnetLocalHostOn1433WithItsConnectionType() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11003);

        RoutingTable table = build(List.of(mi), List.of());

        assertThat(table.virtualCluster()).isEqualTo("vc1");
        assertThat(table.dnsZone()).isEqualTo(ZONE);
        assertThat(table.dnsSuffix()).isEqualTo(SUFFIX);
        RoutingTable.InstanceRoute route = routeOf(table, "mi1");
        assertThat(route.namespace()).isEqualTo(NAMESPACE);
        assertThat(route.minimalTlsVersion()).isEqualTo("1.2");
        assertThat(route.engine()).isEqualTo(new RoutingTable.Target("mi1-primary.sqlmi-subnet-a.svc.cluster.local", 1433));
        assertThat(route.redirect()).as("redirected clients get the primary's name in the instance's DNS zone")
                .isEqualTo(new RoutingTable.Target("mi1.primary.a1b2c3d4e5f6.database.windows.net", 11003));
        assertThat(route.readableSecondary()).as("General Purpose has no readable secondary").isNull();
        assertThat(route.hosts()).containsExactly(new RoutingTable.HostRoute("mi1.a1b2c3d4e5f6.database.windows.net",
                "VNetLocal", "mi1-vnet-local", null, "Redirect", 1433));
    }

    @Test
    void aBusinessCriticalInstanceSendsReadIntentToItsReadableSecondaryProxiedOrRedirected() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1", io.sqlmi.operator.crds.v1alpha1.Tier.BusinessCritical), 11003);

        RoutingTable.InstanceRoute route = routeOf(build(List.of(mi), List.of()), "mi1");

        assertThat(route.readableSecondary()).isEqualTo(new RoutingTable.Replica(
                new RoutingTable.Target("mi1-secondary.sqlmi-subnet-a.svc.cluster.local", 1433),
                new RoutingTable.Target("mi1.secondary.a1b2c3d4e5f6.database.windows.net", 11003)));
        assertThat(route.engine().host()).isEqualTo("mi1-primary.sqlmi-subnet-a.svc.cluster.local");
    }

    @Test
    void proxyOverrideAndTlsVersionOfTheInstanceAreRouted() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11000);
        mi.getSpec().setProxyOverride(io.sqlmi.operator.crds.v1alpha1.ProxyOverride.Proxy);
        mi.getSpec().setMinimalTlsVersion(MinimalTlsVersion.TLS_1_3);

        RoutingTable.InstanceRoute route = routeOf(build(List.of(mi), List.of()), "mi1");

        assertThat(route.minimalTlsVersion()).isEqualTo("1.3");
        assertThat(route.hosts()).extracting(RoutingTable.HostRoute::connectionType).containsExactly("Proxy");
    }

    @Test
    void publicAndPrivateEndpointsAddTheirHostsAlwaysProxied() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11000);
        List<Endpoint> endpoints = List.of(
                endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null),
                endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE),
                endpoint("mi1-vnet-local", NAMESPACE, EndpointType.VNetLocal, "mi1", null),
                endpoint("other-public", NAMESPACE, EndpointType.Public, "other", null));

        RoutingTable.InstanceRoute route = routeOf(build(List.of(mi), endpoints), "mi1");

        assertThat(route.hosts()).extracting(RoutingTable.HostRoute::host, RoutingTable.HostRoute::type,
                        RoutingTable.HostRoute::endpoint, RoutingTable.HostRoute::endpointNamespace,
                        RoutingTable.HostRoute::connectionType, RoutingTable.HostRoute::listenerPort)
                .containsExactly(
                        tuple("mi1.a1b2c3d4e5f6.database.windows.net", "VNetLocal", "mi1-vnet-local", null, "Redirect", 1433),
                        tuple("mi1.public.a1b2c3d4e5f6.database.windows.net", "Public", "mi1-public", NAMESPACE, "Proxy", 3342),
                        tuple("mi1.privatelink.a1b2c3d4e5f6.database.windows.net", "Private", "mi1-pe", "vnet-b-apps", "Proxy", 1435));
    }

    @Test
    void anEndpointInAnotherNamespaceWithoutInstanceNamespaceDoesNotTargetTheInstance() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11000);
        Endpoint elsewhere = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", null);

        assertThat(routeOf(build(List.of(mi), List.of(elsewhere)), "mi1").hosts()).hasSize(1);
    }

    @Test
    void twoEndpointsOfOneTypeShareAHostThatIsListedOnce() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11000);
        List<Endpoint> endpoints = List.of(
                endpoint("mi1-public-b", NAMESPACE, EndpointType.Public, "mi1", null),
                endpoint("mi1-public-a", NAMESPACE, EndpointType.Public, "mi1", null));

        RoutingTable.InstanceRoute route = routeOf(build(List.of(mi), endpoints), "mi1");

        assertThat(route.hosts()).extracting(RoutingTable.HostRoute::host).doesNotHaveDuplicates().hasSize(2);
        assertThat(route.hosts().get(1).endpoint()).as("the first by name").isEqualTo("mi1-public-a");
    }

    @Test
    void instancesWithoutARedirectPortYetAreLeftOut() {
        RoutingTable table = build(List.of(managedInstance("new"), withRedirectPort(managedInstance("mi1"), 11000)), List.of());

        assertThat(table.instances()).extracting(RoutingTable.InstanceRoute::name).containsExactly("mi1");
    }

    @Test
    void theTableIsSortedAndDoesNotDependOnTheOrderOfItsInputs() {
        List<ManagedInstance> instances = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            instances.add(withRedirectPort(managedInstance("mi" + i), 11000 + i));
            endpoints.add(endpoint("mi" + i + "-public", NAMESPACE, EndpointType.Public, "mi" + i, null));
            endpoints.add(endpoint("mi" + i + "-pe", "ns-" + (12 - i), EndpointType.Private, "mi" + i, NAMESPACE));
        }
        RoutingTable first = build(instances, endpoints);
        List<ManagedInstance> shuffledInstances = new ArrayList<>(instances);
        List<Endpoint> shuffledEndpoints = new ArrayList<>(endpoints);
        Collections.shuffle(shuffledInstances, new Random(7));
        Collections.shuffle(shuffledEndpoints, new Random(11));

        RoutingTable second = build(shuffledInstances, shuffledEndpoints);

        assertThat(second).isEqualTo(first);
        assertThat(GatewayBuilder.routes(virtualCluster(), second).getData())
                .isEqualTo(GatewayBuilder.routes(virtualCluster(), first).getData());
        assertThat(first.instances()).extracting(RoutingTable.InstanceRoute::name)
                .isSortedAccordingTo(String::compareTo);
    }

    @ParameterizedTest(name = "{0}: state {1}")
    @CsvSource(nullValues = "absent", value = {
            "Stopping, Stopping", "Stopped, Stopped", "Starting, Starting",
            "Ready, absent", "Creating, absent", "Updating, absent", "Failed, absent"})
    void theStateIsWrittenOnlyWhenTheGatewayMustRefuseNewLogins(InstanceState state, String written) {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11003);
        mi.getStatus().setState(state);

        RoutingTable.InstanceRoute route = routeOf(build(List.of(mi), List.of()), "mi1");

        assertThat(route.state()).isEqualTo(written);
        assertThat(route.hosts()).as("a stopped instance keeps its host names").extracting(RoutingTable.HostRoute::host)
                .containsExactly("mi1.a1b2c3d4e5f6.database.windows.net");
        assertThat(route.redirect().port()).as("and its redirect port").isEqualTo(11003);
    }

    @Test
    void aStoppedInstancesEntryEndsWithItsStateAndARunningOneHasNone() throws Exception {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11003);
        mi.getStatus().setState(InstanceState.Stopped);
        ManagedInstance running = withRedirectPort(managedInstance("mi2"), 11004);
        String json = GatewayBuilder.routes(virtualCluster(), build(List.of(mi, running), List.of()))
                .getData().get(RoutingTable.FILE);

        var instances = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("instances");

        List<String> stoppedFields = new ArrayList<>();
        instances.get(0).fieldNames().forEachRemaining(stoppedFields::add);
        assertThat(stoppedFields).containsExactly("name", "namespace", "minimalTlsVersion", "engine", "redirect", "hosts", "state");
        assertThat(instances.get(0).get("state").asText()).isEqualTo("Stopped");
        assertThat(instances.get(1).has("state")).isFalse();
    }
}
