package io.sqlmi.e2e.capacity;

import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.PoolNodes;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two virtual clusters, each with a Business Critical instance needing four nodes, share a pool of five: one gets
 * its four, the other claims nothing (half a group would help no one), waits and says so; no node is claimed
 * twice, and the waiting one proceeds once the pool has room again.
 */
class CompetingClustersIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("compete");
    @RegisterExtension
    final PoolNodes pool = new PoolNodes("compete-pool");
    private String second;

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @AfterEach
    void removeSecondSubnet() {
        if (second != null) {
            client().namespaces().withName(second).delete();
        }
    }

    @Test
    void aSmallPoolServesOneClusterAndTheOtherWaitsForIt() {
        String first = namespace.name();
        second = first.substring(0, Math.min(45, first.length())) + "-b";
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(second).endMetadata().build()).create();
        pool.create(5);
        CustomResources.create(first, CustomResources.virtualClusterYaml("vc1", "10.40.0.0/24"));
        CustomResources.create(second, CustomResources.virtualClusterYaml("vc2", "10.41.0.0/24"));
        Wait.untilReady(first, "VirtualCluster/vc1");
        Wait.untilReady(second, "VirtualCluster/vc2");
        CustomResources.create(first, CustomResources.instanceYaml("bc1", "vc1", "BusinessCritical", 4, 32));
        CustomResources.create(second, CustomResources.instanceYaml("bc2", "vc2", "BusinessCritical", 4, 32));

        Wait.atMost(Wait.SETTLED).untilAsserted(() -> {
            List<Node> one = pool.claimedBy(first, "vc1");
            List<Node> two = pool.claimedBy(second, "vc2");
            // All or nothing: the other cluster does not take the last node, which could not complete its group.
            assertThat(List.of(one.size(), two.size())).containsExactlyInAnyOrder(4, 0);
            assertThat(pool.nodes().stream().filter(n -> n.getMetadata().getLabels().get(PoolNodes.CLUSTER_LABEL) == null))
                    .as("one node stays free").hasSize(1);
        });
        boolean firstWon = pool.claimedBy(first, "vc1").size() == 4;
        String winnerNs = firstWon ? first : second;
        String loserNs = firstWon ? second : first;
        String winner = firstWon ? "bc1" : "bc2";
        String loser = firstWon ? "bc2" : "bc1";
        String loserVc = firstWon ? "vc2" : "vc1";
        Wait.atMost(Wait.SETTLED).untilAsserted(() -> {
            assertThat(state(CustomResources.managedInstance(winnerNs, winner))).isEqualTo("Ready");
            var waiting = CustomResources.managedInstance(loserNs, loser);
            assertThat(state(waiting)).isEqualTo("Creating");
            assertThat(condition(waiting, "NodesAvailable")).containsEntry("status", "False");
            assertThat((String) condition(waiting, "NodesAvailable").get("message")).contains("no free node").contains("4 more");
            var vc = CustomResources.virtualCluster(loserNs, loserVc);
            assertThat(state(vc)).isEqualTo("Resizing");
            assertThat(condition(vc, "NodesAvailable")).containsEntry("status", "False").containsEntry("reason", "PoolExhausted");
        });

        CustomResources.kind("ManagedInstance").inNamespace(winnerNs).withName(winner).delete();
        Wait.atMost(Wait.SETTLED).untilAsserted(() -> {
            assertThat(state(CustomResources.managedInstance(loserNs, loser))).isEqualTo("Ready");
            assertThat(pool.claimedBy(loserNs, loserVc)).hasSize(4);
            assertThat(pool.claimedBy(winnerNs, firstWon ? "vc1" : "vc2")).isEmpty();
        });
    }
}
