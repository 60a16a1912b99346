package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Claims and releases pool nodes, one virtual cluster at a time and on a fresh list of the pool, so that two
 * clusters growing at once never split a pool between them. A node changed by someone else meanwhile is refused
 * by its resourceVersion (409) and the next reconcile decides again.
 */
@ApplicationScoped
public class NodeClaims {

    private static final Logger LOG = Logger.getLogger(NodeClaims.class);
    private final KubernetesClient client;

    public NodeClaims(KubernetesClient client) {
        this.client = client;
    }

    public synchronized NodePool.Decision apply(VirtualCluster vc, Map<String, Integer> wanted, Set<String> busy) {
        List<Node> pool = client.nodes().withLabel(NodePool.POOL_LABEL, "true").list().getItems();
        NodePool.Decision decision = NodePool.decide(vc, wanted, pool, busy);
        for (NodePool.Change change : decision.changes()) {
            client.resource(change.node()).update();
            LOG.infof("VirtualCluster %s/%s %s node %s%s", vc.getMetadata().getNamespace(), vc.getMetadata().getName(),
                    change.claims() ? "claimed" : "released", change.node().getMetadata().getName(),
                    change.claims() ? " for VM group " + change.group() : "");
        }
        return decision;
    }
}
