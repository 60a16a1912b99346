package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.capacity.ResizeWindow;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VmGroupStatus;
import io.sqlmi.operator.gateway.GatewayScaling;
import io.sqlmi.operator.instance.InstanceSettings;
import io.sqlmi.operator.instance.VmGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Grows and shrinks a virtual cluster to its plan: VM group node counts (claims on pool nodes when there is a
 * pool) and gateway replicas, applied together once the resize window closes.
 */
final class VirtualClusterSizer {

    static final String NODE_POOL = "NodePool";
    static final String UNRESTRICTED = "Unrestricted";

    /** The size applied now, and whether a resize is still under way. */
    record Sizing(List<VmGroupStatus> groups, String placement, Map<String, Integer> missing, int gatewayReplicas,
                  boolean resizing, Optional<Duration> recheckAfter) {
    }

    private final ResizeWindow window;
    private final Duration windowLength;
    private final NodeClaims nodeClaims;

    VirtualClusterSizer(ResizeWindow window, Duration windowLength, NodeClaims nodeClaims) {
        this.window = window;
        this.windowLength = windowLength;
        this.nodeClaims = nodeClaims;
    }

    Sizing size(VirtualCluster vc, CapacityPlan plan, List<ManagedInstance> instances, List<Node> pool, List<Pod> enginePods,
                Deployment gateway) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        plan.groups().forEach(g -> wanted.put(g.name(), g.nodes()));
        int wantedGateway = GatewayScaling.replicasFor(plan.admittedCount());
        Integer currentGateway = gateway == null || gateway.getSpec() == null ? null : gateway.getSpec().getReplicas();
        boolean poolMode = !pool.isEmpty();
        String id = NodePool.clusterId(vc);
        Map<String, List<String>> claims = new LinkedHashMap<>(NodePool.claims(id, pool));
        Map<String, Integer> current = poolMode ? counts(claims) : recorded(vc);

        boolean needed = !current.equals(wanted) || !Objects.equals(currentGateway, wantedGateway);
        Optional<Duration> wait = window.remaining(vc.getMetadata().getUid(), needed, windowLength);
        boolean apply = needed && (wait.isEmpty() || currentGateway == null);
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, Integer> applied = current;
        int gatewayReplicas = currentGateway == null ? wantedGateway : currentGateway;
        if (apply) {
            if (poolMode) {
                Set<String> busy = enginePods.stream().map(p -> p.getSpec().getNodeName()).filter(Objects::nonNull)
                        .collect(Collectors.toSet());
                NodePool.Decision decision = nodeClaims.apply(vc, wanted, busy);
                for (NodePool.Change change : decision.changes()) {
                    String node = change.node().getMetadata().getName();
                    claims.values().forEach(list -> list.remove(node));
                    if (change.claims()) {
                        claims.computeIfAbsent(change.group(), g -> new ArrayList<>()).add(node);
                    }
                }
                claims.replaceAll((g, list) -> list.stream().sorted().toList());
                claims.values().removeIf(List::isEmpty);
                missing.putAll(decision.missing());
                applied = counts(claims);
            } else {
                applied = wanted;
            }
            gatewayReplicas = wantedGateway;
            window.applied(vc.getMetadata().getUid());
        }
        List<VmGroupStatus> groups = groups(vc, plan, instances, applied, poolMode ? claims : null);
        boolean resizing = (needed && !apply) || !missing.isEmpty();
        return new Sizing(groups, poolMode ? NODE_POOL : UNRESTRICTED, missing, gatewayReplicas, resizing,
                apply ? (missing.isEmpty() ? Optional.empty() : Optional.of(windowLength)) : wait);
    }

    private static List<VmGroupStatus> groups(VirtualCluster vc, CapacityPlan plan, List<ManagedInstance> instances,
                                              Map<String, Integer> nodes, Map<String, List<String>> claims) {
        Set<String> names = new TreeSet<>(nodes.keySet());
        plan.groups().forEach(g -> names.add(g.name()));
        Map<String, VmGroupStatus> previous = new HashMap<>();
        if (vc.getStatus() != null && vc.getStatus().getVmGroups() != null) {
            vc.getStatus().getVmGroups().forEach(g -> previous.put(g.getName(), g));
        }
        List<VmGroupStatus> groups = new ArrayList<>();
        for (String name : names) {
            CapacityPlan.GroupPlan planned = plan.group(name);
            int nodeCount = nodes.getOrDefault(name, 0);
            if (nodeCount == 0 && planned == null) {
                continue;
            }
            VmGroupStatus group = new VmGroupStatus();
            group.setName(name);
            ManagedInstance member = instances.stream().filter(mi -> VmGroups.nameOf(mi.getSpec()).equals(name)).findFirst().orElse(null);
            if (member != null) {
                group.setHardware(InstanceSettings.hardware(member.getSpec()));
                group.setMaintenanceWindow(InstanceSettings.maintenanceWindow(member.getSpec()));
            } else if (previous.containsKey(name)) {
                group.setHardware(previous.get(name).getHardware());
                group.setMaintenanceWindow(previous.get(name).getMaintenanceWindow());
            }
            group.setNodes(nodeCount);
            group.setInstances(planned == null ? 0 : planned.instances());
            group.setVCores(planned == null ? 0 : planned.vCores());
            group.setNodeNames(claims == null ? null : claims.getOrDefault(name, List.of()));
            groups.add(group);
        }
        return groups;
    }

    private static Map<String, Integer> counts(Map<String, List<String>> claims) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        claims.forEach((group, nodes) -> {
            if (!nodes.isEmpty()) {
                counts.put(group, nodes.size());
            }
        });
        return counts;
    }

    /** Without a pool the node counts exist in status only: what was last applied. */
    private static Map<String, Integer> recorded(VirtualCluster vc) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (vc.getStatus() != null && vc.getStatus().getVmGroups() != null) {
            vc.getStatus().getVmGroups().stream().filter(g -> g.getNodes() != null && g.getNodes() > 0)
                    .forEach(g -> counts.put(g.getName(), g.getNodes()));
        }
        return counts;
    }
}
