package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.NAMESPACE;
import static io.sqlmi.operator.testing.Fixtures.endpoint;
import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.capacity.InstanceDemand;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.GatewayStatus;
import io.sqlmi.operator.crds.v1alpha1.InstanceEndpoint;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstanceStatusAggregatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final String ZONE = "a1b2c3d4e5f6";
    static final String FQDN = "mi1." + ZONE + ".database.windows.net";

    static VirtualCluster servingCluster(int readyGatewayReplicas) {
        VirtualCluster vc = virtualCluster();
        VirtualClusterStatus status = new VirtualClusterStatus();
        status.setDnsZone(ZONE);
        GatewayStatus gateway = new GatewayStatus();
        gateway.setReadyReplicas(readyGatewayReplicas);
        status.setGateway(gateway);
        vc.setStatus(status);
        return vc;
    }

    static StatefulSet engine(int desired, int ready, boolean rolledOut) {
        return new StatefulSetBuilder().withNewMetadata().withName("mi1").withGeneration(2L).endMetadata()
                .withNewStatus().withObservedGeneration(2L).withReadyReplicas(ready).withReplicas(desired)
                .withUpdatedReplicas(rolledOut ? desired : 0).withCurrentRevision("r1")
                .withUpdateRevision(rolledOut ? "r1" : "r2").endStatus().build();
    }

    static Condition condition(ManagedInstanceStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    static ManagedInstanceStatus readyStatus(ManagedInstance mi) {
        VirtualCluster vc = servingCluster(2);
        return new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .adminPasswordAvailable("mi1-admin").redirectPort(11003).children("mi1-connection")
                .engine(engine(1, 1, true)).endpoints(List.of()).build();
    }

    @Test
    void anInstanceWithEverythingInPlaceIsReadyAndSaysWhereToConnect() {
        ManagedInstance mi = managedInstance("mi1");

        ManagedInstanceStatus status = readyStatus(mi);

        assertThat(status.getState()).isEqualTo(InstanceState.Ready);
        assertThat(status.getFullyQualifiedDomainName()).isEqualTo(FQDN);
        assertThat(status.getDnsZone()).isEqualTo(ZONE);
        assertThat(status.getRedirectPort()).isEqualTo(11003);
        assertThat(status.getConnectionType()).isEqualTo(ConnectionType.Redirect);
        assertThat(status.getConnectionSecretName()).isEqualTo("mi1-connection");
        assertThat(status.getVmGroup()).isEqualTo("standardseries-systemdefault");
        assertThat(status.getPrimaryReplica()).isEqualTo("mi1-0");
        assertThat(status.getReadableSecondaries()).isEmpty();
        assertThat(status.getReplicas().getDesired()).isEqualTo(1);
        assertThat(status.getReplicas().getReady()).isEqualTo(1);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getConditions().get(0)).satisfies(ready -> {
            assertThat(ready.getType()).isEqualTo("Ready");
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getMessage()).isEqualTo("The instance accepts connections at " + FQDN + ",1433.");
            assertThat(ready.getObservedGeneration()).isEqualTo(1L);
        });
        assertThat(status.getConditions()).allMatch(c -> "True".equals(c.getStatus()));
    }

    @Test
    void businessCriticalListsItsPrimaryAndThreeReadableSecondaries() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).engine(engine(4, 2, true)).build();

        assertThat(status.getPrimaryReplica()).isEqualTo("mi1-0");
        assertThat(status.getReadableSecondaries()).containsExactly("mi1-1", "mi1-2", "mi1-3");
        assertThat(status.getReplicas().getDesired()).isEqualTo(4);
        assertThat(status.getReplicas().getReady()).isEqualTo(2);
        assertThat(condition(status, "ReplicasReady").getMessage()).isEqualTo("2 of 4 replicas ready; waiting for the engine pods.");
    }

    @Test
    void aMissingVirtualClusterKeepsTheInstanceCreatingAndSaysWhatToDo() {
        ManagedInstanceStatus status = new InstanceStatusAggregator(managedInstance("mi1"), CLOCK)
                .virtualClusterMissing("vc1").endpoints(List.of()).build();

        assertThat(status.getState()).isEqualTo(InstanceState.Creating);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("VirtualClusterNotFound");
        assertThat(ready.getMessage()).contains("VirtualCluster vc1 does not exist in namespace sqlmi-subnet-a")
                .contains("create it, or set spec.virtualCluster");
    }

    @Test
    void aVirtualClusterThatCannotHostYetIsNamedWithItsReason() {
        ManagedInstanceStatus status = new InstanceStatusAggregator(managedInstance("mi1"), CLOCK)
                .virtualClusterNotServing(virtualCluster(), "its DNS zone is not assigned yet.").build();

        assertThat(status.getState()).isEqualTo(InstanceState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("VirtualClusterNotReady");
        assertThat(status.getConditions().get(0).getMessage())
                .isEqualTo("VirtualCluster vc1 cannot host instances yet: its DNS zone is not assigned yet.");
    }

    @Test
    void aMissingPasswordSecretFailsTheInstanceNamingTheSecretAndKey() {
        ManagedInstanceStatus status = new InstanceStatusAggregator(managedInstance("mi1"), CLOCK)
                .virtualClusterReady(servingCluster(2), ZONE, FQDN).adminPasswordMissing("my-secret", "pw").build();

        assertThat(status.getState()).isEqualTo(InstanceState.Failed);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getReason()).isEqualTo("SecretNotFound");
        assertThat(ready.getMessage()).contains("Secret my-secret key pw").contains("create the Secret with that key")
                .contains("remove the reference");
        assertThat(condition(status, "AdministratorPasswordAvailable").getStatus()).isEqualTo("False");
    }

    @Test
    void exhaustedRedirectPortsFailTheInstanceAndSayWhatToDo() {
        ManagedInstanceStatus status = new InstanceStatusAggregator(managedInstance("mi1"), CLOCK)
                .virtualClusterReady(servingCluster(2), ZONE, FQDN).adminPasswordAvailable("mi1-admin").redirectPort(null).build();

        assertThat(status.getState()).isEqualTo(InstanceState.Failed);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("RedirectPortsExhausted");
        assertThat(status.getConditions().get(0).getMessage()).contains("11000-11999")
                .contains("delete an instance or create this one in another VirtualCluster");
    }

    @Test
    void waitingForTheGatewayOrTheEngineKeepsTheInstanceCreating() {
        VirtualCluster noGateway = servingCluster(0);
        ManagedInstanceStatus status = new InstanceStatusAggregator(managedInstance("mi1"), CLOCK)
                .virtualClusterReady(noGateway, ZONE, FQDN).gateway(noGateway).adminPasswordAvailable("mi1-admin")
                .redirectPort(11000).engine(engine(1, 1, true)).build();

        assertThat(status.getState()).isEqualTo(InstanceState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("GatewayStarting");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("Waiting for a ready gateway pod in VirtualCluster vc1.");
    }

    @Test
    void aReadyInstanceRollingOutAChangeIsUpdating() {
        ManagedInstance mi = managedInstance("mi1");
        mi.setStatus(readyStatus(mi));
        mi.getMetadata().setGeneration(2L);
        VirtualCluster vc = servingCluster(2);

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .adminPasswordAvailable("mi1-admin").redirectPort(11003).engine(engine(1, 1, false)).build();

        assertThat(status.getState()).isEqualTo(InstanceState.Updating);
        assertThat(status.getObservedGeneration()).isEqualTo(2L);
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("1 of 1 replicas ready; the engine is rolling out a change.");
    }

    @Test
    void publishedValuesSurviveAReconcileThatCannotRecomputeThem() {
        ManagedInstance mi = managedInstance("mi1");
        mi.setStatus(readyStatus(mi));

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).virtualClusterMissing("vc1").build();

        assertThat(status.getRedirectPort()).isEqualTo(11003);
        assertThat(status.getFullyQualifiedDomainName()).isEqualTo(FQDN);
        assertThat(status.getDnsZone()).isEqualTo(ZONE);
    }

    @Test
    void anUnchangedInstanceProducesAnIdenticalStatus() {
        ManagedInstance mi = managedInstance("mi1");
        mi.setStatus(readyStatus(mi));
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(3));
        VirtualCluster vc = servingCluster(2);

        ManagedInstanceStatus again = new InstanceStatusAggregator(mi, later).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .adminPasswordAvailable("mi1-admin").redirectPort(11003).children("mi1-connection")
                .engine(engine(1, 1, true)).endpoints(List.of()).build();

        assertThat(again).usingRecursiveComparison().isEqualTo(mi.getStatus());
    }

    @Test
    void endpointsAreListedVnetLocalFirstWithWhereToConnect() {
        ManagedInstance mi = managedInstance("mi1");
        var pe = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", "sqlmi-subnet-a");
        var pub = endpoint("mi1-public", "sqlmi-subnet-a", EndpointType.Public, "mi1", null);
        EndpointStatus pubStatus = new EndpointStatus();
        pubStatus.setHost("mi1.public." + ZONE + ".database.windows.net");
        pubStatus.setPort(3342);
        pubStatus.setConnectionType(ConnectionType.Proxy);
        pub.setStatus(pubStatus);
        var local = endpoint("mi1-vnet-local", "sqlmi-subnet-a", EndpointType.VNetLocal, "mi1", null);

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).endpoints(List.of(pe, pub, local)).build();

        assertThat(status.getEndpoints()).extracting(InstanceEndpoint::getName, InstanceEndpoint::getNamespace,
                        InstanceEndpoint::getType, InstanceEndpoint::getHost, InstanceEndpoint::getPort, InstanceEndpoint::getConnectionType)
                .containsExactly(
                        tuple("mi1-vnet-local", null, EndpointType.VNetLocal, null, null, ConnectionType.Redirect),
                        tuple("mi1-public", null, EndpointType.Public, "mi1.public." + ZONE + ".database.windows.net", 3342, ConnectionType.Proxy),
                        tuple("mi1-pe", "vnet-b-apps", EndpointType.Private, null, null, ConnectionType.Proxy));
    }

    @Test
    void theInstancesOwnVnetLocalEndpointIsListedWithItsHostBeforeTheEndpointReportsIt() {
        ManagedInstance mi = managedInstance("mi1");
        VirtualCluster vc = servingCluster(2);
        var local = endpoint("mi1-vnet-local", NAMESPACE, EndpointType.VNetLocal, "mi1", null);

        ManagedInstanceStatus justApplied = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN)
                .vnetLocalEndpointApplied().endpoints(List.of()).build();
        ManagedInstanceStatus delivered = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN)
                .vnetLocalEndpointApplied().endpoints(List.of(local)).build();

        assertThat(justApplied.getEndpoints()).extracting(InstanceEndpoint::getName, InstanceEndpoint::getType,
                        InstanceEndpoint::getHost, InstanceEndpoint::getPort, InstanceEndpoint::getConnectionType)
                .containsExactly(tuple("mi1-vnet-local", EndpointType.VNetLocal, FQDN, 1433, ConnectionType.Redirect));
        assertThat(delivered).usingRecursiveComparison().isEqualTo(justApplied);
    }

    /** A /27 virtual cluster holding one Business Critical instance: 18 of its 27 addresses used, 9 left. */
    static VirtualCluster slash27Cluster() {
        VirtualCluster vc = servingCluster(2);
        vc.getSpec().getSubnet().setAddressPrefix("10.0.0.0/27");
        return vc;
    }

    static CapacityPlan planWith(ManagedInstance... instances) {
        InstanceDemand holder = new InstanceDemand("mi0", "2024-12-31T00:00:00Z", "standardseries-systemdefault",
                Tier.BusinessCritical, 4, false, true);
        List<InstanceDemand> demands = new java.util.ArrayList<>(List.of(holder));
        for (ManagedInstance mi : instances) {
            demands.add(InstanceDemand.of(mi, Admission.holdsAddresses(mi)));
        }
        return new CapacityPlanner(64).plan("10.0.0.0/27", demands);
    }

    /** The reconciler's order: virtual cluster and gateway first, then the subnet's answer. */
    static ManagedInstanceStatus refusedStatus(ManagedInstance mi) {
        VirtualCluster vc = slash27Cluster();
        CapacityPlan plan = planWith(mi);
        CapacityPlan.Refusal refusal = plan.refused().get(mi.getMetadata().getName());
        assertThat(refusal).as("the /27 has no room for %s", mi.getMetadata().getName()).isNotNull();
        return new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .addressSpaceExhausted(vc, plan, refusal).endpoints(List.of()).build();
    }

    @Test
    void anInstanceTheSubnetCannotHoldWaitsCreatingAndSaysWhyAndThatItStartsByItself() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);

        ManagedInstanceStatus status = refusedStatus(mi);

        assertThat(status.getState()).as("waiting, not failed").isEqualTo(InstanceState.Creating);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("SubnetFull");
        assertThat(ready.getMessage()).isEqualTo("Subnet 10.0.0.0/27 of VirtualCluster vc1 has 32 addresses (5 reserved by"
                + " the platform, 1 by the internal load balancer, 18 in use): this BusinessCritical instance needs 10 and 8 are left. Delete an instance, or"
                + " create this one in a VirtualCluster with a larger subnet; it starts by itself once there is room.");
        assertThat(condition(status, "AddressSpaceAvailable").getStatus()).isEqualTo("False");
        assertThat(status.getRedirectPort()).as("nothing is assigned to a waiting instance").isNull();
    }

    @Test
    void aRefusalThatWouldOpenAVmGroupCountsItsEightAddresses() {
        ManagedInstance mi = managedInstance("mi1", Tier.GeneralPurpose);
        mi.getSpec().setHardware(io.sqlmi.operator.crds.v1alpha1.Hardware.PremiumSeries);

        ManagedInstanceStatus status = refusedStatus(mi);

        assertThat(condition(status, "AddressSpaceAvailable").getMessage())
                .contains("this GeneralPurpose instance needs 12 (including 8 for a new VM group) and 8 are left");
    }

    @Test
    void anAdmittedInstanceHoldsItsAddressesAndIsNeverDisplaced() {
        ManagedInstance mi = managedInstance("mi1", Tier.GeneralPurpose);
        mi.getMetadata().setCreationTimestamp("2025-02-01T00:00:00Z");
        CapacityPlan plan = planWith(mi);
        assertThat(plan.admits("mi1")).isTrue();
        mi.setStatus(new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(slash27Cluster(), ZONE, FQDN)
                .addressSpaceAvailable(plan).build());

        // A Business Critical instance created before it (but after it was admitted) does not push it out.
        ManagedInstance earlier = managedInstance("mi-earlier", Tier.BusinessCritical);
        earlier.getMetadata().setCreationTimestamp("2025-01-15T00:00:00Z");
        CapacityPlan next = planWith(earlier, mi);

        assertThat(Admission.holdsAddresses(mi)).isTrue();
        assertThat(next.admits("mi1")).isTrue();
        assertThat(next.refused()).containsOnlyKeys("mi-earlier");
        Condition available = condition(mi.getStatus(), "AddressSpaceAvailable");
        assertThat(available.getStatus()).isEqualTo("True");
        assertThat(available.getReason()).isEqualTo("AddressesAssigned");
        assertThat(available.getMessage()).isEqualTo("The instance holds its addresses in subnet 10.0.0.0/27; the virtual "
                + "cluster's status.addresses counts those left.");
    }

    @Test
    void anAdmittedInstancesStatusStaysTheSameWhenAnotherInstanceJoinsItsSubnet() {
        ManagedInstance mi = managedInstance("mi1", Tier.GeneralPurpose);
        ManagedInstance other = managedInstance("mi2", Tier.GeneralPurpose);
        CapacityPlan alone = planWith(mi);
        CapacityPlan withAnother = planWith(mi, other);
        assertThat(withAnother.available()).isLessThan(alone.available());

        ManagedInstanceStatus before = new InstanceStatusAggregator(mi, CLOCK).addressSpaceAvailable(alone).build();
        ManagedInstanceStatus after = new InstanceStatusAggregator(mi, CLOCK).addressSpaceAvailable(withAnother).build();

        assertThat(after).as("each instance of a cluster would write its status again for every other one")
                .usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aWaitingInstanceDoesNotHoldAddresses() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        mi.setStatus(refusedStatus(mi));

        assertThat(Admission.holdsAddresses(mi)).isFalse();
        assertThat(Admission.holdsAddresses(managedInstance("new"))).isFalse();
    }

    @Test
    void aRefusedInstanceNamesTheSubnetEvenWhileTheGatewayStarts() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        VirtualCluster vc = slash27Cluster();
        vc.getStatus().getGateway().setReadyReplicas(0);
        CapacityPlan plan = planWith(mi);

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .addressSpaceExhausted(vc, plan, plan.refused().get("mi1")).build();

        assertThat(status.getConditions().get(0).getReason()).isEqualTo("SubnetFull");
    }

    static VirtualCluster poolCluster(String nodesStatus, String message) {
        VirtualCluster vc = servingCluster(2);
        vc.getStatus().setPlacement("NodePool");
        if (nodesStatus != null) {
            vc.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("NodesAvailable")
                    .withStatus(nodesStatus).withReason("x").withMessage(message).build()));
        }
        return vc;
    }

    static final String POOL_SHORT_OF_PREMIUM = "The node pool has no free node for VM group premiumseries-weekend (4 more):"
            + " label more nodes sqlmi.io/pool=true or delete instances; waiting instances start by themselves.";

    @Test
    void anInstanceWhoseVmGroupLacksPoolNodesSaysSo() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        mi.getSpec().setHardware(io.sqlmi.operator.crds.v1alpha1.Hardware.PremiumSeries);
        mi.getSpec().setMaintenanceWindow(io.sqlmi.operator.crds.v1alpha1.MaintenanceWindow.Weekend);
        VirtualCluster vc = poolCluster("False", POOL_SHORT_OF_PREMIUM);

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .addressSpaceAvailable(planWith()).nodes(vc).adminPasswordAvailable("mi1-admin").redirectPort(11000)
                .engine(engine(4, 0, true)).build();

        Condition nodes = condition(status, "NodesAvailable");
        assertThat(nodes.getStatus()).isEqualTo("False");
        assertThat(nodes.getReason()).isEqualTo("PoolExhausted");
        assertThat(nodes.getMessage()).isEqualTo(POOL_SHORT_OF_PREMIUM);
        assertThat(status.getState()).isEqualTo(InstanceState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("PoolExhausted");
    }

    @Test
    void anInstanceInAnotherVmGroupIsNotTouchedByThePoolsShortage() {
        ManagedInstance mi = managedInstance("mi1");
        VirtualCluster vc = poolCluster("False", POOL_SHORT_OF_PREMIUM);

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN).gateway(vc)
                .addressSpaceAvailable(planWith()).nodes(vc).adminPasswordAvailable("mi1-admin").redirectPort(11000)
                .engine(engine(1, 1, true)).build();

        Condition nodes = condition(status, "NodesAvailable");
        assertThat(nodes.getStatus()).isEqualTo("True");
        assertThat(nodes.getReason()).isEqualTo("NodesClaimed");
        assertThat(nodes.getMessage()).isEqualTo("VM group standardseries-systemdefault runs on nodes claimed from the pool.");
        assertThat(status.getState()).isEqualTo(InstanceState.Ready);
    }

    @Test
    void aGroupWhoseNameBeginsAnotherGroupsNameIsNotConfusedWithIt() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setHardware(io.sqlmi.operator.crds.v1alpha1.Hardware.PremiumSeries);
        VirtualCluster vc = poolCluster("False", "The node pool has no free node for VM group"
                + " premiumseriesmemoryoptimized-systemdefault (1 more): label more nodes sqlmi.io/pool=true or delete instances;"
                + " waiting instances start by themselves.");

        ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).nodes(vc).build();

        assertThat(condition(status, "NodesAvailable").getStatus()).isEqualTo("True");
    }

    @Test
    void withAFullPoolOrNoConditionYetTheInstanceRunsOnItsGroupsNodes() {
        ManagedInstance mi = managedInstance("mi1");

        ManagedInstanceStatus claimed = new InstanceStatusAggregator(mi, CLOCK).nodes(poolCluster("True", "Every VM group has"
                + " the pool nodes it needs.")).build();
        ManagedInstanceStatus unknown = new InstanceStatusAggregator(mi, CLOCK).nodes(poolCluster(null, null)).build();

        assertThat(condition(claimed, "NodesAvailable").getStatus()).isEqualTo("True");
        assertThat(condition(unknown, "NodesAvailable").getStatus()).isEqualTo("True");
    }

    @Test
    void withoutANodePoolThereIsNoNodesCondition() {
        VirtualCluster unrestricted = servingCluster(2);
        unrestricted.getStatus().setPlacement("Unrestricted");

        ManagedInstanceStatus status = new InstanceStatusAggregator(managedInstance("mi1"), CLOCK).nodes(unrestricted)
                .nodes(virtualCluster()).build();

        assertThat(status.getConditions()).extracting(Condition::getType).doesNotContain("NodesAvailable");
    }

    // ---- of(): the one call a reconcile makes, from its facts ----

    static InstanceFacts admittedFacts(ManagedInstance mi, VirtualCluster vc, AdminPassword password, java.util.OptionalInt port) {
        Hosting hosting = Hosting.of(mi, vc, List.of(mi), new CapacityPlanner(64), "database.windows.net");
        assertThat(hosting).isInstanceOf(Hosting.Admitted.class);
        return new InstanceFacts(hosting, password, port, List.of());
    }

    static List<String> types(ManagedInstanceStatus status) {
        return status.getConditions().stream().map(Condition::getType).toList();
    }

    @Test
    void anAdmittedInstanceWithItsChildrenReadyIsReadyWithEveryConditionInTheReconcilersOrder() {
        ManagedInstance mi = managedInstance("mi1");
        InstanceFacts facts = admittedFacts(mi, servingCluster(2), new AdminPassword("mi1-admin", "password", "pw"),
                java.util.OptionalInt.of(11003));

        ManagedInstanceStatus status = InstanceStatusAggregator.of(mi, facts, engine(1, 1, true), CLOCK);

        assertThat(status.getState()).isEqualTo(InstanceState.Ready);
        assertThat(types(status)).containsExactly("Ready", "VirtualClusterReady", "AddressSpaceAvailable", "GatewayReady",
                "AdministratorPasswordAvailable", "RedirectPortAssigned", "ReplicasReady");
        assertThat(status.getConditions()).allMatch(c -> "True".equals(c.getStatus()));
        assertThat(status.getRedirectPort()).isEqualTo(11003);
        assertThat(status.getConnectionSecretName()).isEqualTo("mi1-connection");
        assertThat(status.getFullyQualifiedDomainName()).isEqualTo(FQDN);
        assertThat(status.getPrimaryReplica()).isEqualTo("mi1-0");
        assertThat(InstanceStatusAggregator.waitsForUserInput(status)).isFalse();
    }

    @Test
    void anInstanceTheSubnetRefusesGetsNoPasswordNorPortConditions() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        VirtualCluster vc = slash27Cluster();
        CapacityPlan plan = planWith(mi);
        Hosting full = new Hosting.SubnetFull(vc, ZONE, FQDN, plan, plan.refused().get("mi1"));

        ManagedInstanceStatus status = InstanceStatusAggregator.of(mi, InstanceFacts.notAdmitted(full, List.of()), null, CLOCK);

        assertThat(status.getState()).isEqualTo(InstanceState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("SubnetFull");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo(condition(status, "AddressSpaceAvailable").getMessage());
        assertThat(types(status)).containsExactly("Ready", "VirtualClusterReady", "AddressSpaceAvailable");
        assertThat(status.getRedirectPort()).isNull();
    }

    @Test
    void aMissingPasswordSecretFailsTheInstanceWhichThenWaitsForTheUser() {
        ManagedInstance mi = managedInstance("mi1");
        InstanceFacts facts = admittedFacts(mi, servingCluster(2), new AdminPassword("my-secret", "pw", null),
                java.util.OptionalInt.of(11003));

        ManagedInstanceStatus status = InstanceStatusAggregator.of(mi, facts, null, CLOCK);

        assertThat(status.getState()).isEqualTo(InstanceState.Failed);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("SecretNotFound");
        assertThat(condition(status, "RedirectPortAssigned").getStatus()).as("the port is held meanwhile").isEqualTo("True");
        assertThat(types(status)).doesNotContain("ReplicasReady");
        assertThat(status.getConnectionSecretName()).isNull();
        assertThat(InstanceStatusAggregator.waitsForUserInput(status)).isTrue();
    }

    @Test
    void withoutAFreeRedirectPortTheInstanceFailsAndSaysSo() {
        ManagedInstance mi = managedInstance("mi1");
        InstanceFacts facts = admittedFacts(mi, servingCluster(2), new AdminPassword("mi1-admin", "password", "pw"),
                java.util.OptionalInt.empty());

        ManagedInstanceStatus status = InstanceStatusAggregator.of(mi, facts, null, CLOCK);

        assertThat(status.getState()).isEqualTo(InstanceState.Failed);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("RedirectPortsExhausted");
        assertThat(types(status)).doesNotContain("ReplicasReady");
        assertThat(InstanceStatusAggregator.waitsForUserInput(status)).isFalse();
    }

    @Test
    void withoutItsVirtualClusterTheStatusStillListsTheInstancesEndpoints() {
        ManagedInstance mi = managedInstance("mi1");
        var local = endpoint("mi1-vnet-local", "sqlmi-subnet-a", EndpointType.VNetLocal, "mi1", null);

        ManagedInstanceStatus status = InstanceStatusAggregator.of(mi,
                InstanceFacts.notAdmitted(new Hosting.NoVirtualCluster("vc1"), List.of(local)), null, CLOCK);

        assertThat(status).usingRecursiveComparison().isEqualTo(new InstanceStatusAggregator(mi, CLOCK)
                .virtualClusterMissing("vc1").endpoints(List.of(local)).build());
        assertThat(status.getEndpoints()).extracting(InstanceEndpoint::getName).containsExactly("mi1-vnet-local");
    }

    @Test
    void aClusterThatCannotHostYetIsNamedWithItsReason() {
        ManagedInstance mi = managedInstance("mi1");
        VirtualCluster vc = virtualCluster();

        ManagedInstanceStatus status = InstanceStatusAggregator.of(mi,
                InstanceFacts.notAdmitted(new Hosting.NotServing(vc, "it has not been reconciled yet."), List.of()), null, CLOCK);

        assertThat(status.getConditions().get(0).getReason()).isEqualTo("VirtualClusterNotReady");
        assertThat(status.getConditions().get(0).getMessage())
                .isEqualTo("VirtualCluster vc1 cannot host instances yet: it has not been reconciled yet.");
    }

    /** Azure's stop/start lifecycle as status shows it (StopStart decides the phase, the engine shows the progress). */
    @Nested
    class StopAndStart {

        static final String STOPPED_MESSAGE = "Stopped (spec.stopped: true): no engine pod runs and its 4 vCores are"
                + " released from VirtualCluster vc1; its data volumes, addresses, host names, redirect port and DNS zone"
                + " are kept, and the gateway refuses its logins with error 40532. Set spec.stopped: false to start it.";

        /** The engine StatefulSet scaled to 0 and seen by its controller, with {@code podsLeft} pods still counted. */
        static StatefulSet scaledDown(int podsLeft) {
            return new StatefulSetBuilder().withNewMetadata().withName("mi1").withGeneration(3L).endMetadata()
                    .withNewSpec().withReplicas(0).endSpec()
                    .withNewStatus().withObservedGeneration(3L).withReplicas(podsLeft).withReadyReplicas(podsLeft)
                    .withCurrentRevision("r1").withUpdateRevision("r1").endStatus().build();
        }

        /** A reconcile of an admitted instance that has its children, as the reconciler runs the steps. */
        static ManagedInstanceStatus reconcile(ManagedInstance mi, StatefulSet engine, Clock clock) {
            VirtualCluster vc = servingCluster(2);
            return new InstanceStatusAggregator(mi, clock).virtualClusterReady(vc, ZONE, FQDN)
                    .addressSpaceAvailable(new CapacityPlanner(64).plan(vc, List.of(mi))).nodes(vc).gateway(vc)
                    .adminPasswordAvailable("mi1-admin").redirectPort(11003).children("mi1-connection")
                    .engine(engine).endpoints(List.of()).build();
        }

        static ManagedInstanceStatus reconcile(ManagedInstance mi, StatefulSet engine) {
            return reconcile(mi, engine, CLOCK);
        }

        /** The instance as it is after the user's edit: spec.stopped set, a new generation, the last status kept. */
        static ManagedInstance asked(Boolean stopped, ManagedInstanceStatus last) {
            ManagedInstance mi = managedInstance("mi1");
            mi.getSpec().setStopped(stopped);
            mi.getMetadata().setGeneration(2L);
            mi.setStatus(last);
            return mi;
        }

        static ManagedInstanceStatus stoppedStatus() {
            ManagedInstance stopping = asked(true, readyStatus(managedInstance("mi1")));
            stopping.setStatus(reconcile(stopping, scaledDown(1)));
            return reconcile(stopping, scaledDown(0));
        }

        @Test
        void aReadyInstanceAskedToStopIsStoppingWhileItsPodsShutDownAndSaysWhatItKeeps() {
            ManagedInstance mi = asked(true, readyStatus(managedInstance("mi1")));

            ManagedInstanceStatus status = reconcile(mi, scaledDown(1));

            assertThat(status.getState()).isEqualTo(InstanceState.Stopping);
            assertThat(status.getReplicas().getDesired()).isZero();
            Condition stopped = condition(status, "Stopped");
            assertThat(stopped.getStatus()).isEqualTo("False");
            assertThat(stopped.getReason()).isEqualTo("Stopping");
            assertThat(stopped.getMessage()).isEqualTo("Stopping (spec.stopped: true): the engine's pods are shutting"
                    + " down; its data volumes, addresses, host names, redirect port and DNS zone are kept, and the"
                    + " gateway refuses new logins with error 40532.");
            assertThat(stopped.getObservedGeneration()).isEqualTo(2L);
            assertThat(status.getConditions().get(0)).satisfies(ready -> {
                assertThat(ready.getStatus()).isEqualTo("False");
                assertThat(ready.getReason()).isEqualTo("Stopping");
                assertThat(ready.getMessage()).isEqualTo(stopped.getMessage());
            });
            assertThat(condition(status, "ReplicasReady").getReason()).isEqualTo("Stopping");
        }

        @Test
        void onceItsPodsAreGoneItIsStoppedAndKeepsItsAddressesAndHostName() {
            ManagedInstanceStatus status = stoppedStatus();

            assertThat(status.getState()).isEqualTo(InstanceState.Stopped);
            Condition stopped = condition(status, "Stopped");
            assertThat(stopped.getStatus()).isEqualTo("True");
            assertThat(stopped.getReason()).isEqualTo("Stopped");
            assertThat(stopped.getMessage()).isEqualTo(STOPPED_MESSAGE);
            assertThat(status.getConditions().get(0)).satisfies(ready -> {
                assertThat(ready.getStatus()).isEqualTo("False");
                assertThat(ready.getReason()).isEqualTo("Stopped");
                assertThat(ready.getMessage()).isEqualTo(STOPPED_MESSAGE);
            });
            assertThat(condition(status, "ReplicasReady").getMessage())
                    .isEqualTo("No replica runs while the instance is stopped; its volumes are kept.");
            assertThat(condition(status, "GatewayReady").getStatus()).as("the gateway answers its logins").isEqualTo("True");
            assertThat(status.getReplicas().getDesired()).isZero();
            assertThat(status.getReplicas().getReady()).isZero();
            assertThat(status.getRedirectPort()).isEqualTo(11003);
            assertThat(status.getFullyQualifiedDomainName()).isEqualTo(FQDN);
            assertThat(status.getDnsZone()).isEqualTo(ZONE);
            assertThat(status.getConnectionSecretName()).isEqualTo("mi1-connection");
            assertThat(condition(status, "AddressSpaceAvailable").getStatus()).as("it holds its addresses").isEqualTo("True");
        }

        @Test
        void aStoppedInstanceReconciledAgainProducesAnIdenticalStatus() {
            ManagedInstance mi = asked(true, stoppedStatus());

            ManagedInstanceStatus again = reconcile(mi, scaledDown(0), Clock.offset(CLOCK, java.time.Duration.ofHours(3)));

            assertThat(again).usingRecursiveComparison().isEqualTo(mi.getStatus());
            assertThat(InstanceStatusAggregator.recheckAfter(mi, again)).as("at rest: nothing to look at again").isEmpty();
        }

        @Test
        void aStopAskedWhileCreatingWaitsSayingWhyAndThatItStopsOnceReady() {
            ManagedInstance mi = asked(true, null);

            ManagedInstanceStatus status = reconcile(mi, engine(1, 0, true));

            assertThat(status.getState()).isEqualTo(InstanceState.Creating);
            assertThat(status.getReplicas().getDesired()).as("the engine is created all the same").isEqualTo(1);
            Condition stopped = condition(status, "Stopped");
            assertThat(stopped.getStatus()).isEqualTo("False");
            assertThat(stopped.getReason()).isEqualTo("StopPending");
            assertThat(stopped.getMessage()).isEqualTo("spec.stopped is true, but the instance is Creating and only a"
                    + " Ready instance stops, as in Azure: it stops by itself once it is Ready (the Ready condition says"
                    + " what it waits for).");
            assertThat(status.getConditions().get(0).getReason()).as("what it waits for").isEqualTo("ReplicasStarting");
            assertThat(InstanceStatusAggregator.recheckAfter(mi, status)).isEmpty();
        }

        @Test
        void theWaitingStopIsTakenUpAsSoonAsTheInstanceIsReady() {
            ManagedInstance creating = asked(true, null);
            ManagedInstance mi = asked(true, reconcile(creating, engine(1, 0, true)));

            ManagedInstanceStatus status = reconcile(mi, engine(1, 1, true));

            assertThat(status.getState()).as("it became Ready first").isEqualTo(InstanceState.Ready);
            assertThat(condition(status, "Stopped").getReason()).isEqualTo("StopPending");
            assertThat(condition(status, "Stopped").getMessage())
                    .isEqualTo("spec.stopped is true and the instance is Ready: it stops now.");
            assertThat(InstanceStatusAggregator.recheckAfter(mi, status)).contains(java.time.Duration.ofSeconds(1));
            mi.setStatus(status);
            assertThat(StopStart.of(mi).engineRuns()).as("the next reconcile scales the engine to 0").isFalse();
        }

        @Test
        void aStartAskedWhileStoppingWaitsForThePodsToGoThenStarts() {
            ManagedInstance stopping = asked(true, readyStatus(managedInstance("mi1")));
            ManagedInstance mi = asked(false, reconcile(stopping, scaledDown(1)));

            ManagedInstanceStatus waiting = reconcile(mi, scaledDown(1));

            assertThat(waiting.getState()).isEqualTo(InstanceState.Stopping);
            assertThat(waiting.getReplicas().getDesired()).as("a stop is not cancelled").isZero();
            assertThat(condition(waiting, "Stopped").getReason()).isEqualTo("StartPending");
            assertThat(condition(waiting, "Stopped").getMessage()).isEqualTo("spec.stopped is false, but the instance is"
                    + " Stopping and only a Stopped instance starts, as in Azure: it starts by itself once its engine pods are gone.");
            assertThat(waiting.getConditions().get(0).getReason()).isEqualTo("StartPending");
            assertThat(InstanceStatusAggregator.recheckAfter(mi, waiting)).isEmpty();

            ManagedInstanceStatus gone = reconcile(mi, scaledDown(0));

            assertThat(gone.getState()).isEqualTo(InstanceState.Stopped);
            assertThat(condition(gone, "Stopped").getStatus()).isEqualTo("True");
            assertThat(condition(gone, "Stopped").getMessage())
                    .isEqualTo("spec.stopped is false and the instance has stopped: it starts now.");
            assertThat(InstanceStatusAggregator.recheckAfter(mi, gone)).contains(java.time.Duration.ofSeconds(1));
        }

        @Test
        void aStoppedInstanceAskedToStartIsStartingUntilItsReplicasAreReadyThenReadyWithoutTheCondition() {
            ManagedInstance mi = asked(false, stoppedStatus());

            ManagedInstanceStatus starting = reconcile(mi, engine(1, 0, true));

            assertThat(starting.getState()).isEqualTo(InstanceState.Starting);
            assertThat(starting.getReplicas().getDesired()).isEqualTo(1);
            assertThat(condition(starting, "Stopped").getStatus()).isEqualTo("False");
            assertThat(condition(starting, "Stopped").getReason()).isEqualTo("Starting");
            assertThat(starting.getConditions().get(0).getReason()).isEqualTo("Starting");
            assertThat(starting.getConditions().get(0).getMessage()).isEqualTo("Starting (spec.stopped: false) on its"
                    + " kept data volumes; the gateway takes its logins again once it is Ready.");

            mi.setStatus(starting);
            ManagedInstanceStatus ready = reconcile(mi, engine(1, 1, true));

            assertThat(ready.getState()).isEqualTo(InstanceState.Ready);
            assertThat(ready.getConditions()).extracting(Condition::getType).doesNotContain("Stopped");
            assertThat(ready.getRedirectPort()).as("the same port as before the stop").isEqualTo(11003);
        }

        @Test
        void aStopAskedWhileStartingWaitsUntilTheInstanceIsReady() {
            ManagedInstance starting = asked(false, stoppedStatus());
            ManagedInstance mi = asked(true, reconcile(starting, engine(1, 0, true)));

            ManagedInstanceStatus status = reconcile(mi, engine(1, 0, true));

            assertThat(status.getState()).isEqualTo(InstanceState.Starting);
            assertThat(status.getReplicas().getDesired()).as("a start is not cancelled").isEqualTo(1);
            assertThat(condition(status, "Stopped").getReason()).isEqualTo("StopPending");
            assertThat(condition(status, "Stopped").getMessage()).isEqualTo("spec.stopped is true, but the instance is"
                    + " Starting and only a Ready instance stops, as in Azure: it stops by itself once it is Ready.");
        }

        @Test
        void aStoppedInstanceStaysStoppedWhenItsPasswordSecretGoesAndSaysSo() {
            ManagedInstance mi = asked(true, stoppedStatus());
            VirtualCluster vc = servingCluster(2);

            // Without its password the reconciler builds no children and does not look at the engine.
            ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).virtualClusterReady(vc, ZONE, FQDN)
                    .gateway(vc).adminPasswordMissing("my-secret", "pw").endpoints(List.of()).build();

            assertThat(status.getState()).as("not Failed: a stopped instance needs no password").isEqualTo(InstanceState.Stopped);
            assertThat(status.getConditions().get(0).getReason()).isEqualTo("SecretNotFound");
            assertThat(condition(status, "Stopped").getStatus()).isEqualTo("True");
        }

        @Test
        void aStoppedInstanceInANodePoolDoesNotReportItsGroupsNodes() {
            ManagedInstance mi = asked(true, stoppedStatus());
            VirtualCluster vc = servingCluster(2);
            vc.getStatus().setPlacement("NodePool");

            ManagedInstanceStatus status = new InstanceStatusAggregator(mi, CLOCK).nodes(vc).build();

            assertThat(status.getConditions()).extracting(Condition::getType).doesNotContain("NodesAvailable");
        }

        @Test
        void anInstanceRunningAsAskedHasNoStoppedCondition() {
            ManagedInstance mi = asked(false, readyStatus(managedInstance("mi1")));

            ManagedInstanceStatus status = reconcile(mi, engine(1, 1, true));

            assertThat(status.getState()).isEqualTo(InstanceState.Ready);
            assertThat(status.getConditions()).extracting(Condition::getType).doesNotContain("Stopped");
        }
    }
}
