package io.sqlmi.e2e.capacity;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.PoolNodes;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator is killed while a virtual cluster resizes; started again, it finishes the resize from the claims. */
class RestartMidResizeIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("resize");
    @RegisterExtension
    final PoolNodes pool = new PoolNodes("resize-pool");

    @Test
    void aResizeInterruptedByACrashCompletes() {
        OperatorProcess operator = OperatorProcess.shared();
        String ns = namespace.name();
        pool.create(9);
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.50.0.0/24"));
        Wait.untilReady(ns, "VirtualCluster/vc1");
        List<String> names = IntStream.range(0, 6).mapToObj(i -> "mi" + i).toList();
        names.forEach(mi -> CustomResources.create(ns, CustomResources.instanceYaml(mi, "vc1", mi.equals("mi5") ? "BusinessCritical" : "GeneralPurpose", 8, 32)));

        Wait.atMost(Wait.READY).pollInterval(Duration.ofMillis(100))
                .until(() -> "Resizing".equals(state(CustomResources.virtualCluster(ns, "vc1"))));
        operator.kill();
        operator.start();

        Wait.atMost(Wait.SETTLED).untilAsserted(() -> {
            assertThat(state(CustomResources.virtualCluster(ns, "vc1"))).isEqualTo("Ready");
            names.forEach(mi -> assertThat(state(CustomResources.managedInstance(ns, mi))).as(mi).isEqualTo("Ready"));
        });
        List<Map<String, Object>> groups = at(CustomResources.virtualCluster(ns, "vc1"), "status", "vmGroups");
        assertThat(groups).singleElement().satisfies(group -> {
            @SuppressWarnings("unchecked")
            List<String> nodeNames = (List<String>) group.get("nodeNames");
            List<Node> claimed = pool.claimedBy(ns, "vc1");
            assertThat(claimed).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(nodeNames);
            assertThat(group.get("nodes")).isEqualTo(claimed.size());
            assertThat(claimed.size()).as("the Business Critical instance needs four distinct nodes").isGreaterThanOrEqualTo(4);
        });
        assertThat(pool.nodes().stream().map(n -> n.getMetadata().getLabels().get(PoolNodes.CLUSTER_LABEL))
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet())).containsExactly(ns + ".vc1");
    }
}
