package io.sqlmi.e2e.support;

import static io.sqlmi.e2e.support.TestCluster.client;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Extra nodes labelled sqlmi.io/pool=true, spread over three zones: the pool virtual clusters claim from. On the
 * local control plane kwok runs them (annotation kwok.x-k8s.io/node=fake). Removed after each test.
 */
public final class PoolNodes implements AfterEachCallback {

    public static final String POOL_LABEL = "sqlmi.io/pool";
    public static final String CLUSTER_LABEL = "sqlmi.io/virtual-cluster";
    public static final String GROUP_LABEL = "sqlmi.io/vm-group";
    private final String prefix;
    private final List<String> names = new ArrayList<>();

    public PoolNodes(String prefix) {
        this.prefix = prefix;
    }

    public List<String> create(int count) {
        if (names.isEmpty()) {
            // Left over by an interrupted run: start from an empty pool.
            client().nodes().withLabel("sqlmi.io/e2e-pool", prefix).withGracePeriod(0).delete();
            Wait.atMost(Wait.QUICK).until(() -> nodes().isEmpty());
        }
        List<String> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + (names.size() + 1);
            String zone = "zone-" + (names.size() % 3 + 1);
            client().nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                    .addToAnnotations("kwok.x-k8s.io/node", "fake")
                    .addToLabels(Map.of("type", "kwok", "kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
                            "topology.kubernetes.io/zone", zone, POOL_LABEL, "true", "sqlmi.io/e2e-pool", prefix))
                    .endMetadata().withNewSpec().endSpec()
                    .withNewStatus().addToAllocatable(Map.of("cpu", new Quantity("64"), "memory", new Quantity("512Gi"),
                            "pods", new Quantity("110"))).addToCapacity(Map.of("cpu", new Quantity("64"),
                            "memory", new Quantity("512Gi"), "pods", new Quantity("110"))).endStatus()
                    .build()).create();
            names.add(name);
            created.add(name);
        }
        Wait.atMost(Wait.READY).until(() -> created.stream().allMatch(this::ready));
        return created;
    }

    public List<Node> nodes() {
        return client().nodes().withLabel("sqlmi.io/e2e-pool", prefix).list().getItems();
    }

    /** Nodes of the pool claimed by the virtual cluster {@code <namespace>.<name>}. */
    public List<Node> claimedBy(String namespace, String vc) {
        return nodes().stream().filter(n -> (namespace + "." + vc).equals(n.getMetadata().getLabels().get(CLUSTER_LABEL))).toList();
    }

    private boolean ready(String name) {
        Node node = client().nodes().withName(name).get();
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        names.forEach(name -> client().nodes().withName(name).withGracePeriod(0).delete());
        names.clear();
    }
}
