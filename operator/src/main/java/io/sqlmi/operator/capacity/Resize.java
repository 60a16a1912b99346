package io.sqlmi.operator.capacity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VmGroupStatus;
import io.sqlmi.operator.gateway.GatewayScaling;
import io.sqlmi.operator.instance.InstanceSettings;
import io.sqlmi.operator.instance.VmGroups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a virtual cluster's size changes now, and to what: node counts per VM group (claims on pool nodes when
 * the cluster has a pool; status only otherwise) and gateway replicas, applied together once the resize window
 * closes. A new cluster's first size is applied at once, and a gateway without replicas starts at once. Pure: the
 * reconciler keeps the window and writes the node claims this asks for, then hands their outcome to {@link #outcome}.
 *
 * @param wantedNodes     nodes per VM group the plan needs
 * @param currentNodes    nodes per VM group the cluster has (claimed pool nodes, or what status last recorded)
 * @param claims          the claimed pool nodes per VM group; null without a pool
 * @param currentGateway  replicas of the gateway Deployment, or null before it exists
 * @param windowLeft      how long the open window has left; empty when the resize is due or none is needed
 */
public record Resize(Map<String, Integer> wantedNodes, Map<String, Integer> currentNodes,
                     Map<String, List<String>> claims, int wantedGateway, Integer currentGateway,
                     boolean needed, boolean applyNow, Optional<Duration> windowLeft, Duration windowLength) {

    public static final String NODE_POOL = "NodePool";
    public static final String UNRESTRICTED = "Unrestricted";

    /** What the resize window should do: be opened (or stay open), or be closed. */
    public enum WindowChange { OPEN, CLOSE }

    /**
     * @param pool         every pool node (the cluster is in pool mode when there is any)
     * @param gateway      the gateway Deployment as it is, or null
     * @param windowOpened when the cluster's resize window opened, if one is open
     */
    public static Resize decide(VirtualCluster vc, CapacityPlan plan, List<Node> pool, Deployment gateway,
                                Optional<Instant> windowOpened, Instant now, Duration windowLength) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        // A group whose instances are all stopped wants no node, as a group that is not there.
        plan.groups().stream().filter(g -> g.nodes() > 0).forEach(g -> wanted.put(g.name(), g.nodes()));
        int wantedGateway = GatewayScaling.replicasFor(plan.admittedCount());
        Integer currentGateway = gateway == null || gateway.getSpec() == null ? null : gateway.getSpec().getReplicas();
        Map<String, List<String>> claims = pool.isEmpty() ? null : NodePool.claims(NodePool.clusterId(vc), pool);
        Map<String, Integer> current = claims != null ? counts(claims) : recorded(vc);
        boolean needed = !current.equals(wanted) || !Objects.equals(currentGateway, wantedGateway);
        Optional<Duration> wait = needed ? ResizeWindow.remaining(windowOpened, now, windowLength) : Optional.empty();
        boolean applyNow = needed && (wait.isEmpty() || currentGateway == null);
        return new Resize(wanted, current, claims, wantedGateway, currentGateway, needed, applyNow, wait, windowLength);
    }

    public boolean poolMode() {
        return claims != null;
    }

    /** Pool nodes are claimed and released only when the resize is applied. */
    public boolean claimsNodes() {
        return applyNow && poolMode();
    }

    public WindowChange window() {
        return needed && !applyNow ? WindowChange.OPEN : WindowChange.CLOSE;
    }

    /**
     * The gateway's replicas: the new size when applied, else the current one. A gateway that runs no replica (a new
     * cluster, or one that hosted nothing) starts at once: there is no running size to batch with, and a gateway pod
     * takes seconds to start while the engines wait for their nodes anyway, so its first instances are not kept
     * waiting for it once their engines are up.
     */
    public int gatewayReplicas() {
        boolean startsFromNothing = currentGateway == null || (currentGateway == 0 && wantedGateway > 0);
        return applyNow || startsFromNothing ? wantedGateway : currentGateway;
    }

    /** The size the cluster has once the resize is applied (or not), and whether it is still under way. */
    public record Outcome(List<VmGroupStatus> groups, String placement, Map<String, Integer> missing,
                          boolean resizing, Optional<Duration> recheckAfter) {
    }

    /**
     * @param changes   the node claims the reconciler wrote (null when {@link #claimsNodes()} is false)
     * @param instances the cluster's instances, for the hardware and maintenance window of each VM group
     */
    public Outcome outcome(VirtualCluster vc, CapacityPlan plan, NodePool.Decision changes, List<ManagedInstance> instances) {
        Map<String, List<String>> claimed = claims == null ? null : new LinkedHashMap<>(claims);
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, Integer> applied = currentNodes;
        if (applyNow && claimed != null && changes != null) {
            for (NodePool.Change change : changes.changes()) {
                String node = change.node().getMetadata().getName();
                claimed.replaceAll((group, nodes) -> nodes.stream().filter(n -> !n.equals(node)).toList());
                if (change.claims()) {
                    List<String> nodes = new ArrayList<>(claimed.getOrDefault(change.group(), List.of()));
                    nodes.add(node);
                    claimed.put(change.group(), nodes);
                }
            }
            claimed.replaceAll((group, nodes) -> nodes.stream().sorted().toList());
            claimed.values().removeIf(List::isEmpty);
            missing.putAll(changes.missing());
            applied = counts(claimed);
        } else if (applyNow && claimed == null) {
            applied = wantedNodes;
        }
        boolean resizing = (needed && !applyNow) || !missing.isEmpty();
        return new Outcome(groups(vc, plan, instances, applied, claimed), poolMode() ? NODE_POOL : UNRESTRICTED, missing,
                resizing, applyNow ? (missing.isEmpty() ? Optional.empty() : Optional.of(windowLength)) : windowLeft);
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
            group.setStoppedInstances(planned == null || planned.stoppedInstances() == 0 ? null : planned.stoppedInstances());
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
