package io.sqlmi.operator.virtualcluster;

import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.Resize;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.network.EffectiveRoutes;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import java.util.Set;

/**
 * Everything decided about a virtual cluster in one reconcile (by {@link VirtualClusterPlanner}): a duplicate gets
 * nothing but its refusal; a cluster without a DNS zone gets its network rules checked but no children; otherwise
 * the children to apply and the resize to carry out.
 *
 * @param duplicateOf the namespace's VirtualCluster this one duplicates, or null
 * @param resize      null when the cluster gets no children
 * @param busyNodes   nodes running the cluster's engine pods, released last when the cluster shrinks
 * @param model       what the children are built from; null when the cluster gets none
 */
public record VirtualClusterPlan(VirtualCluster duplicateOf, DnsZones.Choice zone, CapacityPlan capacity,
                                 NetworkPolicyCompiler.Result network, EffectiveRoutes.Result routes,
                                 Resize resize, Set<String> busyNodes, VirtualClusterModel model) {

    static VirtualClusterPlan duplicate(VirtualCluster active) {
        return new VirtualClusterPlan(active, null, null, null, null, null, Set.of(), null);
    }

    public boolean hasChildren() {
        return model != null;
    }
}
