package io.sqlmi.operator.virtualcluster;

import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.capacity.InstanceDemand;
import io.sqlmi.operator.crds.v1alpha1.Hardware;
import io.sqlmi.operator.crds.v1alpha1.MaintenanceWindow;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterState;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.crds.v1alpha1.VmGroupStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class VirtualClusterStatusAggregatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final String ZONE = "a1b2c3d4e5f6";

    static Service gatewayService() {
        return new ServiceBuilder().withNewMetadata().withName("vc1-gateway").endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.12").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.0.0.4").endIngress().endLoadBalancer()
                .endStatus().build();
    }

    static Deployment gatewayDeployment(int ready) {
        return new DeploymentBuilder().withNewMetadata().withName("vc1-gateway").endMetadata()
                .withNewStatus().withReadyReplicas(ready).endStatus().build();
    }

    static Condition condition(VirtualClusterStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    static VirtualClusterStatus ready(VirtualCluster vc) {
        return new VirtualClusterStatusAggregator(vc, CLOCK).accepted().dnsZone(ZONE, "generated when the cluster was created")
                .capacity(plan(3), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(2)).build();
    }

    @Test
    void theGatewayIsNotAvailableBeforeItsLoadBalancerHasItsAddressInTheSubnet() {
        Service unaddressed = new ServiceBuilder(gatewayService()).withStatus(null).build();

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .dnsZone(ZONE, "generated when the cluster was created")
                .capacity(plan(3), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 2, unaddressed, gatewayDeployment(2)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Creating);
        assertThat(status.getGateway().getAddress()).as("never the cluster IP").isNull();
        assertThat(condition(status, "GatewayAvailable").getReason()).isEqualTo("WaitingForAddress");
        assertThat(condition(status, "GatewayAvailable").getMessage())
                .isEqualTo("Waiting for the internal load balancer vc1-gateway to get its address 10.0.0.4 in subnet 10.0.0.0/24.");
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("WaitingForAddress");
    }

    @Test
    void aClusterWithZoneAndGatewayIsReady() {
        VirtualClusterStatus status = ready(virtualCluster());

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(status.getDnsZone()).isEqualTo(ZONE);
        assertThat(status.getInstances()).isEqualTo(3);
        assertThat(status.getGateway().getServiceName()).isEqualTo("vc1-gateway");
        assertThat(status.getGateway().getAddress()).as("network + 4 of the subnet").isEqualTo("10.0.0.4");
        assertThat(status.getGateway().getReplicas()).isEqualTo(2);
        assertThat(status.getGateway().getReadyReplicas()).isEqualTo(2);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getMessage()).isEqualTo("The virtual cluster hosts 3 instance(s) in DNS zone " + ZONE + ".");
        assertThat(condition(status, "Accepted").getMessage()).contains("10.0.0.0/24").contains("vnet-a");
        assertThat(condition(status, "NetworkIntentPolicyApplied").getStatus()).isEqualTo("True");
        assertThat(condition(status, "RoutesValid").getStatus()).isEqualTo("True");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(virtualCluster(), status))).isNull();
    }

    @Test
    void aClusterWithoutInstancesRunsNoGatewayAndIsStillReady() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .dnsZone(ZONE, "generated").capacity(plan(0), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 0, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(condition(status, "GatewayAvailable").getReason()).isEqualTo("ScaledToZero");
    }

    @Test
    void aSecondClusterInTheNamespaceFailsAndSaysWhy() {
        VirtualCluster second = virtualCluster("vc2", "10.0.1.0/24");

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(second, CLOCK).duplicateOf(virtualCluster()).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Failed);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("DuplicateVirtualCluster");
        assertThat(ready.getMessage()).contains("Namespace sqlmi-subnet-a already holds VirtualCluster vc1")
                .contains("delete this one, or move it to a namespace of its own");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(second, status))).isEqualTo(ready.getMessage());
    }

    @Test
    void waitingForAPartnerZoneIsCreatingWithTheReason() {
        VirtualClusterStatus waiting = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .waitingForPartner("sqlmi-subnet-b/vc2", true).build();
        VirtualClusterStatus missing = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .waitingForPartner("sqlmi-subnet-b/vc2", false).build();

        assertThat(waiting.getState()).isEqualTo(VirtualClusterState.Creating);
        assertThat(waiting.getConditions().get(0).getReason()).isEqualTo("WaitingForPartnerZone");
        assertThat(waiting.getConditions().get(0).getMessage()).contains("sqlmi-subnet-b/vc2");
        assertThat(missing.getConditions().get(0).getReason()).isEqualTo("PartnerNotFound");
        assertThat(missing.getConditions().get(0).getMessage()).contains("spec.dnsZonePartner does not exist")
                .contains("create it").contains("without dnsZonePartner");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(virtualCluster(), missing)))
                .isEqualTo(missing.getConditions().get(0).getMessage());
    }

    @Test
    void networkProblemsAndRouteConflictsAreReportedWithoutStoppingTheCluster() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(1), List.of(), "Unrestricted", java.util.Map.of(), false)
                .network(List.of(), List.of("rule allow_ping: NetworkPolicy cannot match ICMP; the rule is listed but not enforced"),
                        List.of(), List.of("route r1 sends 10.0.0.0/24 to VirtualAppliance, but ..."))
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(1)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        Condition policy = condition(status, "NetworkIntentPolicyApplied");
        assertThat(policy.getStatus()).isEqualTo("False");
        assertThat(policy.getReason()).isEqualTo("PartiallyApplied");
        assertThat(policy.getMessage()).isEqualTo("The mandatory rules are enforced; rule allow_ping: NetworkPolicy cannot"
                + " match ICMP; the rule is listed but not enforced.");
        Condition routes = condition(status, "RoutesValid");
        assertThat(routes.getStatus()).isEqualTo("False");
        assertThat(routes.getReason()).isEqualTo("MandatoryRouteOverridden");
        assertThat(routes.getMessage()).startsWith("route r1 sends 10.0.0.0/24");
    }

    @Test
    void aReadyClusterWhoseGatewayIsDownIsResizing() {
        VirtualCluster vc = virtualCluster();
        vc.setStatus(ready(vc));

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(vc, CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(25), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 3, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Resizing);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("Starting");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("0 of 3 gateway replicas ready at 10.0.0.4.");
    }

    @Test
    void theZoneOfAnUnreconciledClusterIsNotHosting() {
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(virtualCluster())).isEqualTo("it has not been reconciled yet.");
        VirtualCluster noZone = withStatus(virtualCluster(), new VirtualClusterStatus());
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(noZone)).isEqualTo("its DNS zone is not assigned yet.");
    }

    @Test
    void aKeptZoneSurvivesAReconcileThatDoesNotSetIt() {
        VirtualCluster vc = virtualCluster();
        vc.setStatus(ready(vc));

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(vc, CLOCK).duplicateOf(virtualCluster("vc0", "10.9.0.0/24")).build();

        assertThat(status.getDnsZone()).isEqualTo(ZONE);
    }

    @Test
    void readyFalseNamesWhatTheClusterWaitsFor() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(1), List.of(), "Unrestricted", java.util.Map.of(), false)
                .network(List.of(), List.of("rule allow_ping: NetworkPolicy cannot match ICMP; the rule is listed but not enforced"),
                        List.of(), List.of())
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("Starting");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("0 of 2 gateway replicas ready at 10.0.0.4.");
    }

    static VmGroupStatus group(String name, Hardware hardware, MaintenanceWindow window, int nodes, int instances, int vCores,
                               List<String> nodeNames) {
        VmGroupStatus group = new VmGroupStatus();
        group.setName(name);
        group.setHardware(hardware);
        group.setMaintenanceWindow(window);
        group.setNodes(nodes);
        group.setInstances(instances);
        group.setVCores(vCores);
        group.setNodeNames(nodeNames);
        return group;
    }

    static VirtualClusterStatus withCapacity(VirtualCluster vc, CapacityPlan plan, List<VmGroupStatus> groups, String placement,
                                             Map<String, Integer> missing, boolean resizing) {
        return new VirtualClusterStatusAggregator(vc, CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan, groups, placement, missing, resizing).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(2)).build();
    }

    /** A /27 holding one Business Critical instance (18 addresses) with a second one waiting (it needs 10, 8 are left). */
    static CapacityPlan fullSlash27() {
        return new CapacityPlanner(64).plan("10.0.0.0/27", List.of(
                new InstanceDemand("mi-first", "2025-01-01T00:00:00Z", "standardseries-systemdefault", Tier.BusinessCritical, 4, false, true),
                new InstanceDemand("mi-second", "2025-01-01T00:00:05Z", "standardseries-systemdefault", Tier.BusinessCritical, 4, false, false),
                new InstanceDemand("mi-premium", "2025-01-01T00:00:09Z", "premiumseries-weekend", Tier.GeneralPurpose, 4, false, false)));
    }

    @Test
    void capacityReportsInstancesVmGroupsAddressesAndPlacement() {
        CapacityPlan plan = new CapacityPlanner(64).plan("10.0.0.0/24", List.of(
                new InstanceDemand("mi1", "2025-01-01T00:00:00Z", "standardseries-systemdefault", Tier.GeneralPurpose, 8, false, true),
                new InstanceDemand("mi2", "2025-01-01T00:00:01Z", "standardseries-systemdefault", Tier.BusinessCritical, 4, false, true)));
        VmGroupStatus standard = group("standardseries-systemdefault", Hardware.StandardSeries, MaintenanceWindow.SystemDefault,
                4, 2, 24, List.of("n1", "n2", "n3", "n4"));

        VirtualClusterStatus status = withCapacity(virtualCluster(), plan, List.of(standard), "NodePool", Map.of(), false);

        assertThat(status.getInstances()).isEqualTo(2);
        assertThat(status.getPlacement()).isEqualTo("NodePool");
        assertThat(status.getVmGroups()).containsExactly(standard);
        assertThat(status.getAddresses()).satisfies(a -> {
            assertThat(a.getTotal()).isEqualTo(256);
            assertThat(a.getReservedByPlatform()).isEqualTo(5);
            assertThat(a.getUsed()).isEqualTo(4 + 10 + 8);
            assertThat(a.getInternalLoadBalancer()).isEqualTo(1);
            assertThat(a.getAvailable()).isEqualTo(256 - 5 - 1 - 22);
        });
        Condition sufficient = condition(status, "AddressSpaceSufficient");
        assertThat(sufficient.getStatus()).isEqualTo("True");
        assertThat(sufficient.getReason()).isEqualTo("Sufficient");
        assertThat(sufficient.getMessage()).isEqualTo("Subnet 10.0.0.0/24 has 228 of 256 addresses free ("
                + "mi/vnet-subnet-determine-size.md (09/11/2025): 5 + gp*4 + bc*10 + bc_zr*2 + vmg*8).");
        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
    }

    @Test
    void aFullSubnetNamesItsAccountingTheWaitingInstancesAndTheFix() {
        VirtualClusterStatus status = withCapacity(virtualCluster("vc1", "10.0.0.0/27"), fullSlash27(), List.of(),
                "Unrestricted", Map.of(), false);

        Condition sufficient = condition(status, "AddressSpaceSufficient");
        assertThat(sufficient.getStatus()).isEqualTo("False");
        assertThat(sufficient.getReason()).isEqualTo("SubnetFull");
        assertThat(sufficient.getMessage()).isEqualTo("Subnet 10.0.0.0/27 has 32 addresses, 5 reserved by the platform, 1"
                + " taken by the internal load balancer and 18 in use, so 8 are left; waiting: mi-second (needs 10), mi-premium (needs 12). Delete an instance, or"
                + " create these in a VirtualCluster with a larger subnet.");
        assertThat(status.getInstances()).as("only the admitted are hosted").isEqualTo(1);
        assertThat(status.getAddresses().getAvailable()).isEqualTo(8);
    }

    @Test
    void aFullSubnetDoesNotTouchTheClusterOrItsOtherInstances() {
        VirtualClusterStatus status = withCapacity(virtualCluster("vc1", "10.0.0.0/27"), fullSlash27(), List.of(),
                "Unrestricted", Map.of(), false);

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(status.getConditions().get(0).getStatus()).isEqualTo("True");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(virtualCluster(), status))).isNull();
    }

    @Test
    void nodesAvailableIsReportedOnlyWhenTheClusterClaimsPoolNodes() {
        VirtualClusterStatus unrestricted = withCapacity(virtualCluster(), plan(2), List.of(), "Unrestricted", Map.of(), false);
        VirtualClusterStatus pool = withCapacity(virtualCluster(), plan(2), List.of(), "NodePool", Map.of(), false);

        assertThat(unrestricted.getConditions()).extracting(Condition::getType).doesNotContain("NodesAvailable");
        Condition nodes = condition(pool, "NodesAvailable");
        assertThat(nodes.getStatus()).isEqualTo("True");
        assertThat(nodes.getReason()).isEqualTo("Claimed");
        assertThat(nodes.getMessage()).isEqualTo("Every VM group has the pool nodes it needs.");
    }

    @Test
    void anExhaustedPoolNamesTheGroupsThatWaitAndWhatToDo() {
        Map<String, Integer> missing = new java.util.LinkedHashMap<>();
        missing.put("premiumseries-weekend", 4);
        missing.put("standardseries-systemdefault", 1);

        VirtualClusterStatus status = withCapacity(virtualCluster(), plan(2), List.of(), "NodePool", missing, true);

        Condition nodes = condition(status, "NodesAvailable");
        assertThat(nodes.getStatus()).isEqualTo("False");
        assertThat(nodes.getReason()).isEqualTo("PoolExhausted");
        assertThat(nodes.getMessage()).isEqualTo("The node pool has no free node for VM group premiumseries-weekend (4 more),"
                + " VM group standardseries-systemdefault (1 more): label more nodes sqlmi.io/pool=true or delete instances;"
                + " waiting instances start by themselves.");
        assertThat(status.getState()).isEqualTo(VirtualClusterState.Resizing);
    }

    @Test
    void aClusterIsResizingWhileItsSizeChangesAndReadyOnceItHasIt() {
        VirtualCluster vc = virtualCluster();
        VirtualClusterStatus resizing = withCapacity(vc, plan(3), List.of(), "Unrestricted", Map.of(), true);
        vc.setStatus(resizing);
        VirtualClusterStatus done = withCapacity(vc, plan(3), List.of(), "Unrestricted", Map.of(), false);

        assertThat(resizing.getState()).isEqualTo(VirtualClusterState.Resizing);
        assertThat(resizing.getConditions().get(0).getStatus()).as("it keeps serving while it resizes").isEqualTo("True");
        assertThat(done.getState()).isEqualTo(VirtualClusterState.Ready);
    }

    @Test
    void aNewClusterIsCreatingEvenWhileItsFirstResizeWaits() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(1), List.of(), "Unrestricted", Map.of(), true).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Creating);
    }

    @Test
    void anEmptyClusterKeepsItsSubnetAndZoneWithNoNodesAndNoGateway() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(0), List.of(), "NodePool", Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 0, gatewayService(), null).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(status.getInstances()).isZero();
        assertThat(status.getVmGroups()).isEmpty();
        assertThat(status.getDnsZone()).isEqualTo(ZONE);
        assertThat(status.getAddresses().getUsed()).isZero();
        assertThat(status.getAddresses().getAvailable()).isEqualTo(250);
        assertThat(status.getGateway().getReplicas()).isZero();
        assertThat(condition(status, "AddressSpaceSufficient").getStatus()).isEqualTo("True");
    }

    static VirtualCluster withStatus(VirtualCluster vc, VirtualClusterStatus status) {
        vc.setStatus(status);
        return vc;
    }

    /** A plan admitting n General Purpose instances in one VM group of a /24. */
    static io.sqlmi.operator.capacity.CapacityPlan plan(int instances) {
        var demands = java.util.stream.IntStream.range(0, instances).mapToObj(i -> new io.sqlmi.operator.capacity.InstanceDemand(
                "mi" + i, "2026-01-01T00:00:0" + (i % 10) + "Z", "standardseries-systemdefault",
                io.sqlmi.operator.crds.v1alpha1.Tier.GeneralPurpose, 4, false, false)).toList();
        return new io.sqlmi.operator.capacity.CapacityPlanner(64).plan("10.0.0.0/24", demands);
    }

    // ---- of(): the one call a reconcile makes, from its facts, plan and what it applied ----

    static VirtualClusterFacts factsOf(VirtualCluster vc, VirtualCluster oldest, List<io.sqlmi.operator.crds.v1alpha1.ManagedInstance> instances) {
        return new VirtualClusterFacts(vc, oldest, instances, List.of(), null, null, List.of(), List.of(), null,
                java.util.Optional.empty(), Instant.parse("2025-03-01T10:00:00Z"));
    }

    static List<String> types(VirtualClusterStatus status) {
        return status.getConditions().stream().map(Condition::getType).toList();
    }

    final VirtualClusterPlanner planner = new VirtualClusterPlanner(io.sqlmi.operator.testing.TestConfigs.shipped());

    @Test
    void aServingClusterReportsItsZoneNetworkSizeAndGatewayInThatOrder() {
        VirtualCluster vc = virtualCluster();
        var instances = List.of(io.sqlmi.operator.testing.Fixtures.managedInstance("mi1"));
        VirtualClusterPlan plan = planner.plan(factsOf(vc, vc, instances));
        var sizing = plan.resize().outcome(vc, plan.capacity(), null, instances);

        VirtualClusterStatus status = VirtualClusterStatusAggregator.of(vc, plan, sizing, gatewayService(),
                gatewayDeployment(2), CLOCK);

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(types(status)).containsExactly("Ready", "Accepted", "DnsZoneAssigned", "NetworkIntentPolicyApplied",
                "RoutesValid", "AddressSpaceSufficient", "GatewayAvailable");
        assertThat(DnsZones.isValid(status.getDnsZone())).isTrue();
        assertThat(condition(status, "DnsZoneAssigned").getMessage())
                .isEqualTo("DNS zone " + status.getDnsZone() + " (generated when the cluster was created).");
        assertThat(status.getInstances()).isEqualTo(1);
        assertThat(status.getPlacement()).isEqualTo("Unrestricted");
        assertThat(status.getVmGroups()).extracting(VmGroupStatus::getName, VmGroupStatus::getNodes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("standardseries-systemdefault", 1));
        assertThat(status.getGateway().getReplicas()).isEqualTo(2);
        assertThat(status.getGateway().getAddress()).as("network + 4 of the subnet").isEqualTo("10.0.0.4");
        assertThat(status.getSecurityRules()).isNotEmpty();
    }

    @Test
    void aDuplicateReportsOnlyItsRefusal() {
        VirtualCluster second = virtualCluster("vc2", "10.0.1.0/24");
        VirtualCluster first = virtualCluster();
        VirtualClusterPlan plan = planner.plan(factsOf(second, first, List.of()));

        VirtualClusterStatus status = VirtualClusterStatusAggregator.of(second, plan, null, null, null, CLOCK);

        assertThat(status).usingRecursiveComparison()
                .isEqualTo(new VirtualClusterStatusAggregator(second, CLOCK).duplicateOf(first).build());
        assertThat(types(status)).containsExactly("Ready", "Accepted");
    }

    @Test
    void aClusterWaitingForItsPartnerReportsItsRulesButNoSize() {
        VirtualCluster vc = DnsZonesTest.withPartner(virtualCluster(), "vc0", "sqlmi-subnet-b");
        VirtualClusterPlan plan = planner.plan(factsOf(vc, vc, List.of()));

        VirtualClusterStatus status = VirtualClusterStatusAggregator.of(vc, plan, null, null, null, CLOCK);

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("PartnerNotFound");
        assertThat(types(status)).containsExactly("Ready", "Accepted", "DnsZoneAssigned", "NetworkIntentPolicyApplied",
                "RoutesValid");
        assertThat(status.getSecurityRules()).isNotEmpty();
        assertThat(status.getVmGroups()).isNull();
        assertThat(status.getGateway()).isNull();
    }
}
