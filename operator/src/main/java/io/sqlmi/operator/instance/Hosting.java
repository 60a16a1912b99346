package io.sqlmi.operator.instance;

import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.virtualcluster.VirtualClusterStatusAggregator;
import java.util.List;

/**
 * Where an instance stands with its virtual cluster, the first thing every reconcile of it decides: the cluster is
 * missing, or cannot host yet, or its subnet has no room for the instance, or the instance is admitted and gets its
 * children. Pure.
 */
public sealed interface Hosting {

    /** spec.virtualCluster names no VirtualCluster in the instance's namespace. */
    record NoVirtualCluster(String name) implements Hosting {
    }

    /** The virtual cluster exists but cannot host instances yet (not accepted, or no DNS zone). */
    record NotServing(VirtualCluster virtualCluster, String why) implements Hosting {
    }

    /** The cluster serves, and the instance has its host name, but the subnet has no addresses left for it. */
    record SubnetFull(VirtualCluster virtualCluster, String dnsZone, String fqdn, CapacityPlan plan,
                      CapacityPlan.Refusal refusal) implements Hosting {
    }

    /** The instance holds its addresses in the subnet. */
    record Admitted(VirtualCluster virtualCluster, String dnsZone, String fqdn, CapacityPlan plan) implements Hosting {
    }

    /**
     * @param vc      the VirtualCluster spec.virtualCluster names, or null when there is none
     * @param cluster every instance naming the same virtual cluster, this one included: the subnet admits them in
     *                the same order the virtual cluster's reconciler does
     */
    static Hosting of(ManagedInstance mi, VirtualCluster vc, List<ManagedInstance> cluster, CapacityPlanner planner,
                      String dnsSuffix) {
        if (vc == null) {
            return new NoVirtualCluster(mi.getSpec().getVirtualCluster());
        }
        String notServing = VirtualClusterStatusAggregator.whyNotHosting(vc);
        if (notServing != null) {
            return new NotServing(vc, notServing);
        }
        String zone = vc.getStatus().getDnsZone();
        String fqdn = HostNames.vnetLocal(mi.getMetadata().getName(), zone, dnsSuffix);
        CapacityPlan plan = planner.plan(vc, cluster);
        CapacityPlan.Refusal refusal = plan.refused().get(mi.getMetadata().getName());
        return refusal != null ? new SubnetFull(vc, zone, fqdn, plan, refusal) : new Admitted(vc, zone, fqdn, plan);
    }
}
