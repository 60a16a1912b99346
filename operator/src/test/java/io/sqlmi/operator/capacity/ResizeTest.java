package io.sqlmi.operator.capacity;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.crds.v1alpha1.VmGroupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResizeTest {

    static final String GROUP = "standardseries-systemdefault";
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    final VirtualCluster vc = virtualCluster("vc1", "10.0.0.0/24");
    final List<ManagedInstance> instances = List.of(managedInstance("mi1"));
    final CapacityPlan plan = new CapacityPlanner(64).plan(vc, instances);

    static Deployment gatewayWith(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("vc1-gateway").endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().build();
    }

    /** Status as the last applied resize left it: one node for the group, without a pool. */
    void recordNodes(int nodes) {
        VmGroupStatus group = new VmGroupStatus();
        group.setName(GROUP);
        group.setNodes(nodes);
        VirtualClusterStatus status = new VirtualClusterStatus();
        status.setVmGroups(List.of(group));
        vc.setStatus(status);
    }

    @Test
    void aNewClusterGetsItsFirstSizeAtOnce() {
        Resize resize = Resize.decide(vc, plan, List.of(), null, Optional.empty(), NOW, WINDOW);

        assertThat(resize.needed()).isTrue();
        assertThat(resize.applyNow()).as("no gateway yet: nothing to batch with").isTrue();
        assertThat(resize.gatewayReplicas()).isEqualTo(2);
        assertThat(resize.window()).isEqualTo(Resize.WindowChange.CLOSE);
        assertThat(resize.claimsNodes()).as("no pool").isFalse();

        Resize.Outcome outcome = resize.outcome(vc, plan, null, instances);
        assertThat(outcome.placement()).isEqualTo(Resize.UNRESTRICTED);
        assertThat(outcome.groups()).singleElement().satisfies(g -> {
            assertThat(g.getName()).isEqualTo(GROUP);
            assertThat(g.getNodes()).isEqualTo(1);
            assertThat(g.getInstances()).isEqualTo(1);
            assertThat(g.getNodeNames()).isNull();
        });
        assertThat(outcome.resizing()).isFalse();
        assertThat(outcome.recheckAfter()).isEmpty();
    }

    @Test
    void aChangeOpensTheWindowAndWaitsForItKeepingTheCurrentSize() {
        recordNodes(3);

        Resize resize = Resize.decide(vc, plan, List.of(), gatewayWith(2), Optional.empty(), NOW, WINDOW);

        assertThat(resize.needed()).isTrue();
        assertThat(resize.applyNow()).isFalse();
        assertThat(resize.window()).isEqualTo(Resize.WindowChange.OPEN);
        assertThat(resize.windowLeft()).contains(WINDOW);
        Resize.Outcome outcome = resize.outcome(vc, plan, null, instances);
        assertThat(outcome.groups()).extracting(VmGroupStatus::getNodes).containsExactly(3);
        assertThat(outcome.resizing()).isTrue();
        assertThat(outcome.recheckAfter()).contains(WINDOW);
    }

    @Test
    void onceTheWindowHasPassedTheChangeIsAppliedAndTheWindowClosed() {
        recordNodes(3);

        Resize resize = Resize.decide(vc, plan, List.of(), gatewayWith(2), Optional.of(NOW.minus(WINDOW)), NOW, WINDOW);

        assertThat(resize.applyNow()).isTrue();
        assertThat(resize.window()).isEqualTo(Resize.WindowChange.CLOSE);
        Resize.Outcome outcome = resize.outcome(vc, plan, null, instances);
        assertThat(outcome.groups()).extracting(VmGroupStatus::getNodes).containsExactly(1);
        assertThat(outcome.resizing()).isFalse();
        assertThat(outcome.recheckAfter()).isEmpty();
    }

    @Test
    void aClusterOfTheRightSizeNeedsNothingAndForgetsItsWindow() {
        recordNodes(1);

        Resize resize = Resize.decide(vc, plan, List.of(), gatewayWith(2), Optional.of(NOW), NOW, WINDOW);

        assertThat(resize.needed()).isFalse();
        assertThat(resize.window()).isEqualTo(Resize.WindowChange.CLOSE);
        assertThat(resize.windowLeft()).isEmpty();
        assertThat(resize.gatewayReplicas()).isEqualTo(2);
        assertThat(resize.outcome(vc, plan, null, instances).resizing()).isFalse();
    }

    @Test
    void aGatewayWithoutReplicasStartsAtOnceWhileTheNodesWaitForTheWindow() {
        Resize resize = Resize.decide(vc, plan, List.of(), gatewayWith(0), Optional.empty(), NOW, WINDOW);

        assertThat(resize.applyNow()).as("the nodes wait for the window").isFalse();
        assertThat(resize.window()).isEqualTo(Resize.WindowChange.OPEN);
        assertThat(resize.gatewayReplicas()).isEqualTo(2);
        assertThat(resize.outcome(vc, plan, null, instances).groups()).extracting(VmGroupStatus::getNodes).containsExactly(0);
    }

    @Test
    void theGatewayKeepsItsReplicasWhileTheWindowIsOpen() {
        List<ManagedInstance> none = List.of();
        CapacityPlan empty = new CapacityPlanner(64).plan(vc, none);

        Resize resize = Resize.decide(vc, empty, List.of(), gatewayWith(2), Optional.empty(), NOW, WINDOW);

        assertThat(resize.wantedGateway()).isZero();
        assertThat(resize.gatewayReplicas()).isEqualTo(2);
    }

    @Test
    void inAPoolAGrowingClusterClaimsNodesAndReportsThemNextToThoseItHeld() {
        List<ManagedInstance> two = List.of(managedInstance("mi1", Tier.BusinessCritical));
        CapacityPlan bc = new CapacityPlanner(64).plan(vc, two);
        Node held = NodePool.claimed(NodePoolTest.poolNode("a1", "zone-a"), vc, GROUP);
        List<Node> pool = List.of(held, NodePoolTest.poolNode("b1", "zone-b"), NodePoolTest.poolNode("c1", "zone-c"),
                NodePoolTest.poolNode("d1", "zone-a"));

        Resize resize = Resize.decide(vc, bc, pool, gatewayWith(2), Optional.of(NOW.minus(WINDOW)), NOW, WINDOW);
        assertThat(resize.wantedNodes()).containsExactly(entry(GROUP, 4));
        assertThat(resize.currentNodes()).containsExactly(entry(GROUP, 1));
        assertThat(resize.claimsNodes()).isTrue();

        NodePool.Decision claims = NodePool.decide(vc, resize.wantedNodes(), pool, Set.of());
        Resize.Outcome outcome = resize.outcome(vc, bc, claims, two);

        assertThat(outcome.placement()).isEqualTo(Resize.NODE_POOL);
        assertThat(outcome.groups()).singleElement().satisfies(g -> {
            assertThat(g.getNodes()).isEqualTo(4);
            assertThat(g.getNodeNames()).containsExactly("a1", "b1", "c1", "d1");
        });
        assertThat(outcome.missing()).isEmpty();
        assertThat(outcome.resizing()).isFalse();
    }

    @Test
    void aShrinkingClusterReleasesNodesAndNoLongerListsThem() {
        Node a = NodePool.claimed(NodePoolTest.poolNode("a1", "zone-a"), vc, GROUP);
        Node b = NodePool.claimed(NodePoolTest.poolNode("b1", "zone-b"), vc, GROUP);
        List<Node> pool = List.of(a, b);

        Resize resize = Resize.decide(vc, plan, pool, gatewayWith(2), Optional.of(NOW.minus(WINDOW)), NOW, WINDOW);
        Resize.Outcome outcome = resize.outcome(vc, plan, NodePool.decide(vc, resize.wantedNodes(), pool, Set.of()), instances);

        assertThat(outcome.groups()).singleElement().satisfies(g -> {
            assertThat(g.getNodes()).isEqualTo(1);
            assertThat(g.getNodeNames()).containsExactly("a1");
        });
    }

    @Test
    void aPoolThatCannotCompleteAGroupLeavesTheClusterResizingAndLooksAgainAfterAWindow() {
        List<ManagedInstance> bc = List.of(managedInstance("mi1", Tier.BusinessCritical));
        CapacityPlan needsFour = new CapacityPlanner(64).plan(vc, bc);
        List<Node> pool = List.of(NodePoolTest.poolNode("a1", "zone-a"));

        Resize resize = Resize.decide(vc, needsFour, pool, null, Optional.empty(), NOW, WINDOW);
        Resize.Outcome outcome = resize.outcome(vc, needsFour, NodePool.decide(vc, resize.wantedNodes(), pool, Set.of()), bc);

        assertThat(outcome.missing()).containsExactly(entry(GROUP, 4));
        assertThat(outcome.resizing()).isTrue();
        assertThat(outcome.recheckAfter()).contains(WINDOW);
        assertThat(outcome.groups()).singleElement().satisfies(g -> {
            assertThat(g.getNodes()).isZero();
            assertThat(g.getNodeNames()).isEmpty();
        });
        assertThat(Map.copyOf(resize.currentNodes())).isEmpty();
    }

    /** The instance of this test's plan, Stopped (its status says so; its spec asks for it). */
    static List<ManagedInstance> stoppedInstance() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setStopped(true);
        io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus status = new io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus();
        status.setState(io.sqlmi.operator.crds.v1alpha1.InstanceState.Stopped);
        mi.setStatus(status);
        return List.of(mi);
    }

    @Test
    void inAPoolAGroupWhoseInstancesAreAllStoppedGivesItsNodesBackAndStaysListedWithoutNodes() {
        List<ManagedInstance> stopped = stoppedInstance();
        CapacityPlan asleep = new CapacityPlanner(64).plan(vc, stopped);
        List<Node> pool = List.of(NodePool.claimed(NodePoolTest.poolNode("a1", "zone-a"), vc, GROUP));

        Resize resize = Resize.decide(vc, asleep, pool, gatewayWith(2), Optional.of(NOW.minus(WINDOW)), NOW, WINDOW);
        assertThat(resize.wantedNodes()).isEmpty();
        assertThat(resize.gatewayReplicas()).as("the gateway keeps answering the stopped instance's logins").isEqualTo(2);
        NodePool.Decision claims = NodePool.decide(vc, resize.wantedNodes(), pool, Set.of());
        Resize.Outcome outcome = resize.outcome(vc, asleep, claims, stopped);

        assertThat(claims.changes()).singleElement().satisfies(c -> assertThat(c.claims()).as("a release").isFalse());
        assertThat(outcome.groups()).singleElement().satisfies(g -> {
            assertThat(g.getName()).isEqualTo(GROUP);
            assertThat(g.getNodes()).isZero();
            assertThat(g.getInstances()).isEqualTo(1);
            assertThat(g.getStoppedInstances()).isEqualTo(1);
            assertThat(g.getVCores()).isZero();
            assertThat(g.getNodeNames()).isEmpty();
        });
        assertThat(outcome.resizing()).isFalse();
    }

    @Test
    void withoutAPoolAStoppedGroupSettlesAtZeroNodes() {
        List<ManagedInstance> stopped = stoppedInstance();
        CapacityPlan asleep = new CapacityPlanner(64).plan(vc, stopped);
        recordNodes(0);

        Resize resize = Resize.decide(vc, asleep, List.of(), gatewayWith(2), Optional.empty(), NOW, WINDOW);

        assertThat(resize.needed()).as("nothing left to change: no resize at rest").isFalse();
        assertThat(resize.outcome(vc, asleep, null, stopped).groups()).extracting(VmGroupStatus::getNodes,
                VmGroupStatus::getStoppedInstances).containsExactly(org.assertj.core.api.Assertions.tuple(0, 1));
    }

    @Test
    void aRunningGroupListsNoStoppedInstances() {
        Resize resize = Resize.decide(vc, plan, List.of(), null, Optional.empty(), NOW, WINDOW);

        assertThat(resize.outcome(vc, plan, null, instances).groups()).singleElement()
                .satisfies(g -> assertThat(g.getStoppedInstances()).isNull());
    }
}
