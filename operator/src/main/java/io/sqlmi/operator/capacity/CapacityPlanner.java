package io.sqlmi.operator.capacity;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.instance.Admission;
import io.sqlmi.operator.network.Cidrs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Plans a virtual cluster from its instances: admission by addresses, then nodes per VM group. Pure. */
public final class CapacityPlanner {

    private final int vCoresPerNode;

    public CapacityPlanner(int vCoresPerNode) {
        this.vCoresPerNode = vCoresPerNode;
    }

    /**
     * The plan for a virtual cluster's instances. The VirtualCluster and the ManagedInstance reconcilers both make
     * it, from the same caches, so that they agree on who is admitted: instances already holding addresses keep
     * them, then first come, first served.
     */
    public CapacityPlan plan(VirtualCluster vc, List<ManagedInstance> instances) {
        return plan(vc.getSpec().getSubnet().getAddressPrefix(), instances.stream()
                .map(mi -> InstanceDemand.of(mi, Admission.holdsAddresses(mi))).toList());
    }

    public CapacityPlan plan(String subnet, List<InstanceDemand> demands) {
        int total = (int) Math.min(Integer.MAX_VALUE, Cidrs.size(subnet));
        int budget = total - CapacityModel.RESERVED_BY_PLATFORM - CapacityModel.INTERNAL_LOAD_BALANCER;
        int used = 0;
        Set<String> groups = new HashSet<>();
        Set<String> admitted = new LinkedHashSet<>();
        Map<String, CapacityPlan.Refusal> refused = new LinkedHashMap<>();
        List<InstanceDemand> ordered = demands.stream().sorted(InstanceDemand.ADMISSION_ORDER).toList();
        for (InstanceDemand demand : ordered) {
            boolean newGroup = !groups.contains(demand.vmGroup());
            int needed = demand.addresses() + (newGroup ? CapacityModel.PER_VM_GROUP : 0);
            if (demand.admitted() || used + needed <= budget) {
                used += needed;
                groups.add(demand.vmGroup());
                admitted.add(demand.name());
            } else {
                refused.put(demand.name(), new CapacityPlan.Refusal(needed, Math.max(0, budget - used), newGroup));
            }
        }
        Map<String, List<InstanceDemand>> byGroup = ordered.stream().filter(d -> admitted.contains(d.name()))
                .collect(Collectors.groupingBy(InstanceDemand::vmGroup, TreeMap::new, Collectors.toList()));
        List<CapacityPlan.GroupPlan> plans = byGroup.entrySet().stream()
                .map(e -> group(e.getKey(), e.getValue()))
                .toList();
        return new CapacityPlan(subnet, total, CapacityModel.RESERVED_BY_PLATFORM, used, admitted, refused, plans);
    }

    /** A VM group's plan: its stopped instances hold their place in it, but only running ones get vCores and nodes. */
    private CapacityPlan.GroupPlan group(String name, List<InstanceDemand> members) {
        List<InstanceDemand> running = members.stream().filter(d -> !d.stopped()).toList();
        return new CapacityPlan.GroupPlan(name, members.size(), members.size() - running.size(), nodesFor(running),
                running.stream().mapToInt(d -> d.vCores() * CapacityModel.replicasOf(d.tier())).sum());
    }

    /**
     * First-fit decreasing over nodes of {@code vCoresPerNode}: the replicas of a Business Critical instance go to
     * distinct nodes, and to three zones when zone redundant (node i is in zone i mod 3, as the pool is spread).
     */
    int nodesFor(List<InstanceDemand> instances) {
        List<Node> nodes = new ArrayList<>();
        // Business Critical first (their replicas need distinct nodes, the hard part), then largest first; this
        // order keeps the count from dropping when an instance is added.
        List<InstanceDemand> largestFirst = instances.stream()
                .sorted(Comparator.comparingInt((InstanceDemand d) -> -CapacityModel.replicasOf(d.tier()))
                        .thenComparing(Comparator.comparingInt(InstanceDemand::vCores).reversed())
                        .thenComparing(InstanceDemand::name))
                .toList();
        for (InstanceDemand instance : largestFirst) {
            int replicas = CapacityModel.replicasOf(instance.tier());
            Set<Integer> used = new HashSet<>();
            Set<Integer> zones = new HashSet<>();
            for (int r = 0; r < replicas; r++) {
                int remaining = replicas - r;
                // Zone redundant: the last replicas must reach zones not used yet, so that three zones are covered.
                boolean needNewZone = instance.zoneRedundant() && zones.size() < CapacityModel.ZONES
                        && CapacityModel.ZONES - zones.size() >= remaining;
                Node target = null;
                for (Node node : nodes) {
                    if (!used.contains(node.index) && node.free >= instance.vCores()
                            && (!needNewZone || !zones.contains(node.zone()))) {
                        target = node;
                        break;
                    }
                }
                if (target == null) {
                    target = new Node(nodes.size(), Math.max(vCoresPerNode, instance.vCores()));
                    nodes.add(target);
                    while (needNewZone && zones.contains(target.zone())) {
                        // keep the zone pattern: a node in a zone already used gets a companion in the next zone
                        target = new Node(nodes.size(), Math.max(vCoresPerNode, instance.vCores()));
                        nodes.add(target);
                    }
                }
                target.free -= instance.vCores();
                used.add(target.index);
                zones.add(target.zone());
            }
        }
        return nodes.size();
    }

    private static final class Node {
        final int index;
        int free;

        Node(int index, int capacity) {
            this.index = index;
            this.free = capacity;
        }

        int zone() {
            return index % CapacityModel.ZONES;
        }
    }
}
