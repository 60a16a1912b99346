package io.sqlmi.operator.virtualcluster;

import static io.sqlmi.operator.testing.Fixtures.endpoint;
import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withRedirectPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.RoutingTable;
import io.sqlmi.operator.testing.TestConfigs;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VirtualClusterPlannerTest {

    static final String ZONE = "a1b2c3d4e5f6";
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    final VirtualClusterPlanner planner = new VirtualClusterPlanner(TestConfigs.shipped());
    final VirtualCluster vc = DnsZonesTest.withZone(virtualCluster(), ZONE);

    VirtualClusterFacts facts(VirtualCluster oldest, List<ManagedInstance> instances, List<Endpoint> endpoints,
                              List<Pod> enginePods) {
        return new VirtualClusterFacts(vc, oldest, instances, endpoints, null, null, List.of(), enginePods, null,
                Optional.empty(), NOW);
    }

    static Pod enginePod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node).endSpec().build();
    }

    static List<String> names(List<NetworkPolicy> policies) {
        return policies.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void aSecondClusterInTheNamespaceIsRefusedAndGetsNothing() {
        VirtualCluster first = virtualCluster("first", "10.0.0.0/24");

        VirtualClusterPlan plan = planner.plan(facts(first, List.of(managedInstance("mi1")), List.of(), List.of()));

        assertThat(plan.duplicateOf()).isSameAs(first);
        assertThat(plan.hasChildren()).isFalse();
        assertThat(plan.resize()).isNull();
    }

    @Test
    void aClusterWaitingForItsPartnersZoneHasItsRulesCheckedButNoChildren() {
        DnsZonesTest.withPartner(vc, "vc0", null);
        vc.setStatus(null);

        VirtualClusterPlan plan = planner.plan(facts(vc, List.of(), List.of(), List.of()));

        assertThat(plan.zone()).isEqualTo(new DnsZones.WaitingForPartner("sqlmi-subnet-a/vc0", false));
        assertThat(plan.network().policies()).isNotEmpty();
        assertThat(plan.routes().routes()).isNotEmpty();
        assertThat(plan.hasChildren()).isFalse();
        assertThat(plan.resize()).as("no resize, and the window is left alone").isNull();
    }

    @Test
    void aServingClusterGetsItsRulesThePlatformsDnsAndARoutingTableOfItsAdmittedInstances() {
        ManagedInstance admitted = withRedirectPort(managedInstance("mi1"), 11000);

        VirtualClusterPlan plan = planner.plan(facts(vc, List.of(admitted), List.of(), List.of()));

        assertThat(plan.zone()).isEqualTo(new DnsZones.Assigned(ZONE, "generated when the cluster was created"));
        assertThat(names(plan.model().networkPolicies()))
                .containsAll(names(plan.network().policies())).contains("vc1-platform-dns-out")
                .doesNotContain("vc1-private-endpoints-in")
                .hasSize(plan.network().policies().size() + 1);
        RoutingTable table = plan.model().routingTable();
        assertThat(table.dnsZone()).isEqualTo(ZONE);
        assertThat(table.instances()).extracting(RoutingTable.InstanceRoute::name).containsExactly("mi1");
        assertThat(plan.model().gatewayReplicas()).isEqualTo(2);
        assertThat(plan.resize().gatewayReplicas()).isEqualTo(2);
    }

    @Test
    void anInstanceTheSubnetRefusesIsLeftOutOfTheRoutingTable() {
        vc.getSpec().getSubnet().setAddressPrefix("10.0.0.0/27");
        ManagedInstance first = withRedirectPort(managedInstance("first", Tier.BusinessCritical), 11000);
        first.getMetadata().setCreationTimestamp("2025-01-01T00:00:00Z");
        ManagedInstance second = withRedirectPort(managedInstance("second", Tier.BusinessCritical), 11001);
        second.getMetadata().setCreationTimestamp("2025-01-02T00:00:00Z");

        VirtualClusterPlan plan = planner.plan(facts(vc, List.of(second, first), List.of(), List.of()));

        assertThat(plan.capacity().refused()).containsOnlyKeys("second");
        assertThat(plan.model().routingTable().instances()).extracting(RoutingTable.InstanceRoute::name).containsExactly("first");
    }

    @Test
    void privateEndpointsOpenTheWayInFromTheirNamespaces() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1"), 11000);
        Endpoint pe = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", "sqlmi-subnet-a");

        VirtualClusterPlan plan = planner.plan(facts(vc, List.of(mi), List.of(pe), List.of()));

        NetworkPolicy access = plan.model().networkPolicies().stream()
                .filter(p -> p.getMetadata().getName().equals("vc1-private-endpoints-in")).findFirst().orElseThrow();
        assertThat(access.getSpec().getIngress().get(0).getFrom()).singleElement().satisfies(peer ->
                assertThat(peer.getNamespaceSelector().getMatchExpressions().get(0).getValues()).containsExactly("vnet-b-apps"));
    }

    @Test
    void nodesRunningTheClustersEnginesAreBusy() {
        VirtualClusterPlan plan = planner.plan(facts(vc, List.of(managedInstance("mi1")), List.of(),
                List.of(enginePod("mi1-0", "pool-1"), enginePod("mi1-1", null))));

        assertThat(plan.busyNodes()).containsExactly("pool-1");
    }
}
