package io.sqlmi.operator.capacity;

import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class NodePoolTest {

    static final String GROUP = "standardseries-systemdefault";
    static final String OTHER_GROUP = "premiumseries-weekend";
    /** What Kubernetes accepts as a label value. */
    static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    final VirtualCluster vc = virtualCluster("vc1", "10.0.0.0/24");
    final String id = NodePool.clusterId(vc);

    static Node poolNode(String name, String zone) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).withResourceVersion("7")
                .addToLabels(NodePool.POOL_LABEL, "true").addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec();
        if (zone != null) {
            node.editMetadata().addToLabels(NodePool.ZONE_LABEL, zone).endMetadata();
        }
        return node.build();
    }

    static Node claimedBy(Node node, VirtualCluster vc, String group) {
        return NodePool.claimed(node, vc, group);
    }

    static List<Node> zoned(String... names) {
        return java.util.Arrays.stream(names).map(n -> poolNode(n, "zone-" + n.charAt(0))).toList();
    }

    static Map<String, String> claimsOf(NodePool.Decision decision) {
        return decision.changes().stream().filter(NodePool.Change::claims)
                .collect(Collectors.toMap(c -> c.node().getMetadata().getName(), NodePool.Change::group));
    }

    static List<String> releasesOf(NodePool.Decision decision) {
        return decision.changes().stream().filter(c -> !c.claims()).map(c -> c.node().getMetadata().getName()).toList();
    }

    /** The pool as it is once the decision is written, as the next reconcile sees it. */
    static List<Node> apply(List<Node> pool, NodePool.Decision decision) {
        Map<String, Node> byName = new HashMap<>();
        pool.forEach(n -> byName.put(n.getMetadata().getName(), n));
        decision.changes().forEach(c -> byName.put(c.node().getMetadata().getName(), c.node()));
        return pool.stream().map(n -> byName.get(n.getMetadata().getName())).toList();
    }

    @Test
    void aGrowingClusterClaimsFreeNodesSpreadOverTheZones() {
        List<Node> pool = zoned("a1", "a2", "a3", "b1", "c1");

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 3), pool, Set.of());

        assertThat(claimsOf(decision)).containsOnly(entry("a1", GROUP), entry("b1", GROUP), entry("c1", GROUP));
        assertThat(releasesOf(decision)).isEmpty();
        assertThat(decision.missing()).isEmpty();
        assertThat(freeAfter(pool, decision)).isEqualTo(2);
    }

    @Test
    void anotherNodeGoesToTheZoneTheGroupHasLeastOf() {
        List<Node> pool = new ArrayList<>(zoned("a2", "b1", "b2", "c1"));
        pool.add(claimedBy(poolNode("a1", "zone-a"), vc, GROUP));
        pool.add(claimedBy(poolNode("c0", "zone-c"), vc, GROUP));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 3), pool, Set.of());

        assertThat(claimsOf(decision)).containsOnly(entry("b1", GROUP));
    }

    @Test
    void eachGroupIsSpreadOverTheZonesOnItsOwn() {
        List<Node> pool = zoned("a1", "a2", "b1", "b2");

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 2, OTHER_GROUP, 2), pool, Set.of());

        Map<String, String> claims = claimsOf(decision);
        assertThat(claims).hasSize(4);
        assertThat(claims.entrySet().stream().filter(e -> e.getValue().equals(GROUP)).map(e -> e.getKey().charAt(0)))
                .containsExactlyInAnyOrder('a', 'b');
        assertThat(claims.entrySet().stream().filter(e -> e.getValue().equals(OTHER_GROUP)).map(e -> e.getKey().charAt(0)))
                .containsExactlyInAnyOrder('a', 'b');
    }

    @Test
    void nodesWithoutAZoneAreClaimedByName() {
        List<Node> pool = List.of(poolNode("n3", null), poolNode("n1", null), poolNode("n2", null));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 2), pool, Set.of());

        assertThat(claimsOf(decision)).containsOnlyKeys("n1", "n2");
    }

    @Test
    void aNodeClaimedByAnotherClusterIsNeverTaken() {
        VirtualCluster other = virtualCluster("vc9", "10.1.0.0/24");
        other.getMetadata().setNamespace("sqlmi-subnet-b");
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), other, GROUP), poolNode("b1", "zone-b"));

        NodePool.Decision one = NodePool.decide(vc, Map.of(GROUP, 1), pool, Set.of());
        NodePool.Decision two = NodePool.decide(vc, Map.of(GROUP, 2), pool, Set.of());

        assertThat(claimsOf(one)).containsOnlyKeys("b1");
        assertThat(one.missing()).isEmpty();
        assertThat(two.changes()).as("neither claimed nor released: a1 is not ours").isEmpty();
        assertThat(two.missing()).containsExactly(entry(GROUP, 2));
    }

    @Test
    void anUnschedulableNodeIsNeverTaken() {
        Node cordoned = new NodeBuilder(poolNode("a1", "zone-a")).editSpec().withUnschedulable(true).endSpec().build();

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 1), List.of(cordoned), Set.of());

        assertThat(decision.changes()).isEmpty();
        assertThat(decision.missing()).containsExactly(entry(GROUP, 1));
        assertThat(freeAfter(List.of(cordoned), decision)).isZero();
    }

    @Test
    void aGroupThePoolCannotCompleteClaimsNothingAndSaysWhatItLacks() {
        // All or nothing: three of the four nodes a Business Critical instance needs would help no one.
        List<Node> pool = zoned("a1", "b1", "c1");

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 4), pool, Set.of());

        assertThat(decision.changes()).isEmpty();
        assertThat(decision.missing()).containsExactly(entry(GROUP, 4));
        assertThat(freeAfter(pool, decision)).isEqualTo(3);
    }

    @Test
    void anExhaustedPoolStillCompletesTheGroupsItCan() {
        List<Node> pool = zoned("a1", "b1", "c1");

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 4, OTHER_GROUP, 2), pool, Set.of());

        assertThat(claimsOf(decision)).hasSize(2).containsValues(OTHER_GROUP, OTHER_GROUP);
        assertThat(decision.missing()).containsExactly(entry(GROUP, 4));
        assertThat(freeAfter(pool, decision)).isEqualTo(1);
    }

    @Test
    void aPartlyClaimedGroupKeepsItsNodesWhileItWaitsForMore() {
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP), poolNode("b1", "zone-b"));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 4), pool, Set.of("a1"));

        assertThat(releasesOf(decision)).isEmpty();
        assertThat(decision.missing()).containsExactly(entry(GROUP, 3));
    }

    @Test
    void aShrinkingGroupReleasesIdleNodesFirst() {
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP), claimedBy(poolNode("b1", "zone-b"), vc, GROUP),
                claimedBy(poolNode("c1", "zone-c"), vc, GROUP), claimedBy(poolNode("a2", "zone-a"), vc, GROUP));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 2), pool, Set.of("a2", "c1"));

        assertThat(releasesOf(decision)).containsExactlyInAnyOrder("a1", "b1");
        assertThat(claimsOf(decision)).isEmpty();
    }

    @Test
    void busyNodesAreReleasedOnlyWhenNoIdleOneIsLeft() {
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP), claimedBy(poolNode("b1", "zone-b"), vc, GROUP),
                claimedBy(poolNode("c1", "zone-c"), vc, GROUP));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 1), pool, Set.of("a1", "b1", "c1"));

        assertThat(releasesOf(decision)).hasSize(2);
        NodePool.Decision oneIdle = NodePool.decide(vc, Map.of(GROUP, 2), pool, Set.of("a1", "c1"));
        assertThat(releasesOf(oneIdle)).containsExactly("b1");
    }

    @Test
    void aGroupNoLongerWantedReleasesAllItsNodes() {
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP), claimedBy(poolNode("b1", "zone-b"), vc, OTHER_GROUP),
                claimedBy(poolNode("c1", "zone-c"), vc, OTHER_GROUP));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 1), pool, Set.of("b1"));

        assertThat(releasesOf(decision)).containsExactlyInAnyOrder("b1", "c1");
        assertThat(claimsOf(decision)).isEmpty();
        assertThat(decision.missing()).isEmpty();
    }

    @Test
    void theLastInstanceLeavingReleasesEveryNode() {
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP), claimedBy(poolNode("b1", "zone-b"), vc, OTHER_GROUP),
                poolNode("c1", "zone-c"));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(), pool, Set.of());

        assertThat(releasesOf(decision)).containsExactlyInAnyOrder("a1", "b1");
        assertThat(NodePool.claims(id, apply(pool, decision))).isEmpty();
    }

    @Test
    void claimsAreReadBackFromTheNodesSoTheyOutliveTheOperator() {
        List<Node> pool = zoned("a1", "b1", "c1", "a2");
        NodePool.Decision first = NodePool.decide(vc, Map.of(GROUP, 2, OTHER_GROUP, 1), pool, Set.of());
        List<Node> written = apply(pool, first);

        NodePool.Decision again = NodePool.decide(vc, Map.of(GROUP, 2, OTHER_GROUP, 1), written, Set.of());

        assertThat(again.changes()).as("a restarted operator finds its claims and changes nothing").isEmpty();
        assertThat(again.missing()).isEmpty();
        assertThat(NodePool.claims(id, written)).containsOnlyKeys(GROUP, OTHER_GROUP);
        assertThat(NodePool.claims(id, written).get(GROUP)).hasSize(2).isSorted();
        assertThat(NodePool.claims(id, written).get(OTHER_GROUP)).hasSize(1);
    }

    @Test
    void twoClustersNeverClaimTheSameNode() {
        VirtualCluster second = virtualCluster("vc2", "10.0.1.0/24");
        second.getMetadata().setNamespace("sqlmi-subnet-b");
        List<Node> pool = zoned("a1", "b1", "c1", "a2", "b2");

        List<Node> afterFirst = apply(pool, NodePool.decide(vc, Map.of(GROUP, 2), pool, Set.of()));
        NodePool.Decision forSecond = NodePool.decide(second, Map.of(GROUP, 2), afterFirst, Set.of());
        List<Node> afterSecond = apply(afterFirst, forSecond);
        NodePool.Decision firstGrowsAgain = NodePool.decide(vc, Map.of(GROUP, 4), afterSecond, Set.of());

        assertThat(forSecond.missing()).isEmpty();
        List<String> mine = NodePool.claims(id, afterSecond).get(GROUP);
        List<String> theirs = NodePool.claims(NodePool.clusterId(second), afterSecond).get(GROUP);
        assertThat(mine).hasSize(2).doesNotContainAnyElementsOf(theirs);
        assertThat(theirs).hasSize(2);
        assertThat(firstGrowsAgain.changes()).as("one free node cannot complete 2 more").isEmpty();
        assertThat(firstGrowsAgain.missing()).containsExactly(entry(GROUP, 2));
    }

    @Test
    void aClaimedNodeIsLabelledAnnotatedAndTainted() {
        Node node = poolNode("a1", "zone-a");

        Node claimed = claimsOnly(NodePool.decide(vc, Map.of(GROUP, 1), List.of(node), Set.of()));

        assertThat(claimed.getMetadata().getLabels())
                .containsEntry(NodePool.CLUSTER_LABEL, "sqlmi-subnet-a.vc1")
                .containsEntry(NodePool.GROUP_LABEL, GROUP)
                .containsEntry(NodePool.POOL_LABEL, "true")
                .containsEntry(NodePool.ZONE_LABEL, "zone-a");
        assertThat(claimed.getMetadata().getAnnotations()).containsEntry(NodePool.CLAIMANT_ANNOTATION, "sqlmi-subnet-a/vc1");
        assertThat(claimed.getSpec().getTaints()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("sqlmi.io/virtual-cluster");
            assertThat(t.getValue()).isEqualTo("sqlmi-subnet-a.vc1");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(claimed.getMetadata().getResourceVersion()).as("a replace that fails if another claimed it meanwhile")
                .isEqualTo("7");
        assertThat(NodePool.claimedBy(claimed)).isEqualTo(id);
        assertThat(node.getMetadata().getLabels()).as("the cached node is not touched").doesNotContainKey(NodePool.CLUSTER_LABEL);
        assertThat(node.getSpec().getTaints()).isNullOrEmpty();
    }

    @Test
    void aClaimKeepsTheNodesOtherTaintsAndAnnotations() {
        Taint gpu = new TaintBuilder().withKey("gpu").withValue("true").withEffect("NoSchedule").build();
        Node node = new NodeBuilder(poolNode("a1", "zone-a")).editMetadata().addToAnnotations("owner", "ops").endMetadata()
                .editSpec().withTaints(gpu).endSpec().build();

        Node claimed = claimsOnly(NodePool.decide(vc, Map.of(GROUP, 1), List.of(node), Set.of()));

        assertThat(claimed.getSpec().getTaints()).extracting(Taint::getKey).containsExactlyInAnyOrder("gpu", NodePool.TAINT_KEY);
        assertThat(claimed.getMetadata().getAnnotations()).containsEntry("owner", "ops");
    }

    @Test
    void aReleasedNodeLosesExactlyTheClaimAndKeepsEverythingElse() {
        Taint gpu = new TaintBuilder().withKey("gpu").withValue("true").withEffect("NoSchedule").build();
        Node node = new NodeBuilder(poolNode("a1", "zone-a"))
                .editMetadata().addToLabels("team", "data").addToAnnotations("owner", "ops").endMetadata()
                .editSpec().withTaints(gpu).endSpec().build();
        Node claimed = NodePool.claimed(node, vc, GROUP);

        Node released = NodePool.released(claimed);

        assertThat(released.getMetadata().getLabels()).isEqualTo(node.getMetadata().getLabels());
        assertThat(released.getMetadata().getAnnotations()).isEqualTo(node.getMetadata().getAnnotations());
        assertThat(released.getSpec().getTaints()).containsExactly(gpu);
        assertThat(NodePool.claimedBy(released)).isNull();
        assertThat(NodePool.isPoolNode(released)).isTrue();
        assertThat(claimed.getMetadata().getLabels()).as("the cached node is not touched").containsKey(NodePool.CLUSTER_LABEL);
        assertThat(claimed.getSpec().getTaints()).hasSize(2);
    }

    @Test
    void aReleasedNodeIsFreeForTheNextCluster() {
        VirtualCluster second = virtualCluster("vc2", "10.0.1.0/24");
        second.getMetadata().setNamespace("sqlmi-subnet-b");
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP));
        List<Node> released = apply(pool, NodePool.decide(vc, Map.of(), pool, Set.of()));

        NodePool.Decision decision = NodePool.decide(second, Map.of(GROUP, 1), released, Set.of());

        assertThat(claimsOf(decision)).containsOnlyKeys("a1");
        assertThat(decision.changes().get(0).node().getSpec().getTaints()).singleElement()
                .satisfies(t -> assertThat(t.getValue()).isEqualTo(NodePool.clusterId(second)));
    }

    @Test
    void onlyNodesLabelledAsThePoolArePoolNodes() {
        Node plain = new NodeBuilder().withNewMetadata().withName("worker").endMetadata().withNewSpec().endSpec().build();
        Node off = new NodeBuilder(poolNode("n", null)).editMetadata().addToLabels(NodePool.POOL_LABEL, "false").endMetadata().build();

        assertThat(NodePool.isPoolNode(poolNode("n", null))).isTrue();
        assertThat(NodePool.isPoolNode(plain)).isFalse();
        assertThat(NodePool.isPoolNode(off)).isFalse();
        assertThat(NodePool.claimedBy(plain)).isNull();
        assertThat(NodePool.zoneOf(plain)).isEmpty();
    }

    @Test
    void theClusterIdIsNamespaceDotName() {
        assertThat(NodePool.clusterId(vc)).isEqualTo("sqlmi-subnet-a.vc1");
        assertThat(NodePool.claimant(vc)).isEqualTo("sqlmi-subnet-a/vc1");
    }

    @Test
    void aLongClusterIdIsShortenedToAValidLabelValueThatStaysUnique() {
        VirtualCluster a = virtualCluster("c".repeat(40) + "-one", "10.0.0.0/24");
        a.getMetadata().setNamespace("n".repeat(63));
        VirtualCluster b = virtualCluster("c".repeat(40) + "-two", "10.0.0.0/24");
        b.getMetadata().setNamespace("n".repeat(63));
        VirtualCluster dashed = virtualCluster("x", "10.0.0.0/24");
        dashed.getMetadata().setNamespace("n".repeat(49) + "-" + "m".repeat(20));

        for (VirtualCluster cluster : List.of(a, b, dashed)) {
            String value = NodePool.clusterId(cluster);
            assertThat(value).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
            assertThat(NodePool.clusterId(cluster)).as("stable").isEqualTo(value);
        }
        assertThat(NodePool.clusterId(a)).isNotEqualTo(NodePool.clusterId(b));
        assertThat(NodePool.claimant(a)).as("the annotation keeps the full name").endsWith("/" + a.getMetadata().getName());
    }

    @Test
    void anIdOfExactly63CharactersIsKeptAsItIs() {
        VirtualCluster exact = virtualCluster("v".repeat(20), "10.0.0.0/24");
        exact.getMetadata().setNamespace("n".repeat(42));
        VirtualCluster longer = virtualCluster("v".repeat(21), "10.0.0.0/24");
        longer.getMetadata().setNamespace("n".repeat(42));

        assertThat(NodePool.clusterId(exact)).hasSize(63).isEqualTo("n".repeat(42) + "." + "v".repeat(20));
        assertThat(NodePool.clusterId(longer)).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE)
                .isNotEqualTo(NodePool.clusterId(exact));
    }

    @Test
    void aShortenedIdStillMarksTheClustersNodes() {
        VirtualCluster longName = virtualCluster("c".repeat(60), "10.0.0.0/24");
        longName.getMetadata().setNamespace("n".repeat(60));
        List<Node> pool = zoned("a1");

        List<Node> written = apply(pool, NodePool.decide(longName, Map.of(GROUP, 1), pool, Set.of()));

        assertThat(NodePool.claims(NodePool.clusterId(longName), written)).containsOnlyKeys(GROUP);
        assertThat(written.get(0).getMetadata().getAnnotations())
                .containsEntry(NodePool.CLAIMANT_ANNOTATION, "n".repeat(60) + "/" + "c".repeat(60));
    }

    @Test
    void aShrinkingGroupMakesRoomForAGrowingOneInTheSameDecision() {
        List<Node> pool = List.of(claimedBy(poolNode("a1", "zone-a"), vc, GROUP), claimedBy(poolNode("b1", "zone-b"), vc, GROUP));

        NodePool.Decision decision = NodePool.decide(vc, Map.of(GROUP, 1, OTHER_GROUP, 1), pool, Set.of());

        assertThat(decision.missing()).isEmpty();
        assertThat(NodePool.claims(id, apply(pool, decision)))
                .containsOnlyKeys(GROUP, OTHER_GROUP)
                .allSatisfy((group, nodes) -> assertThat(nodes).hasSize(1));
    }

    private static Node claimsOnly(NodePool.Decision decision) {
        assertThat(decision.changes()).singleElement().satisfies(c -> assertThat(c.claims()).isTrue());
        return decision.changes().get(0).node();
    }

    /** Free, schedulable pool nodes once the decision's changes are written. */
    static long freeAfter(List<Node> pool, NodePool.Decision decision) {
        java.util.Map<String, Node> after = new java.util.LinkedHashMap<>();
        pool.forEach(n -> after.put(n.getMetadata().getName(), n));
        decision.changes().forEach(c -> after.put(c.node().getMetadata().getName(), c.node()));
        return after.values().stream().filter(n -> NodePool.claimedBy(n) == null)
                .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable())).count();
    }
}
