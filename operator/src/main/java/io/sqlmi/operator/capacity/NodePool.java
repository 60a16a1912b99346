package io.sqlmi.operator.capacity;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Real nodes for virtual clusters: nodes labelled {@value #POOL_LABEL}=true form a pool; a virtual cluster claims
 * free ones for its VM groups as it grows (labels and a NoSchedule taint keep other workloads off) and releases
 * them as it shrinks. Pure: decides which nodes change and how; the reconciler writes them.
 */
public final class NodePool {

    public static final String POOL_LABEL = "sqlmi.io/pool";
    public static final String CLUSTER_LABEL = "sqlmi.io/virtual-cluster";
    public static final String GROUP_LABEL = "sqlmi.io/vm-group";
    public static final String TAINT_KEY = "sqlmi.io/virtual-cluster";
    /** Who holds the claim, readable even when the label value had to be shortened. */
    public static final String CLAIMANT_ANNOTATION = "sqlmi.io/claimed-by";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private NodePool() {
    }

    /** The value that marks a node as the cluster's: {@code <namespace>.<name>}, shortened with a hash past 63. */
    public static String clusterId(VirtualCluster vc) {
        String id = vc.getMetadata().getNamespace() + "." + vc.getMetadata().getName();
        if (id.length() <= 63) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return id.substring(0, 50).replaceAll("[^A-Za-z0-9]+$", "") + "-" + HexFormat.of().formatHex(hash).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String claimant(VirtualCluster vc) {
        return vc.getMetadata().getNamespace() + "/" + vc.getMetadata().getName();
    }

    public static boolean isPoolNode(Node node) {
        return "true".equals(label(node, POOL_LABEL));
    }

    public static String claimedBy(Node node) {
        return label(node, CLUSTER_LABEL);
    }

    public static String zoneOf(Node node) {
        return Objects.requireNonNullElse(label(node, ZONE_LABEL), "");
    }

    /** The cluster's claimed nodes per VM group, names sorted. */
    public static Map<String, List<String>> claims(String clusterId, List<Node> pool) {
        return pool.stream().filter(n -> clusterId.equals(claimedBy(n)) && label(n, GROUP_LABEL) != null)
                .collect(Collectors.groupingBy(n -> label(n, GROUP_LABEL), TreeMap::new,
                        Collectors.mapping(n -> n.getMetadata().getName(), Collectors.collectingAndThen(Collectors.toList(),
                                l -> l.stream().sorted().toList()))));
    }

    /** A change to one node: claim for a group, or release (group null). */
    public record Change(Node node, String group) {
        public boolean claims() {
            return group != null;
        }
    }

    /**
     * @param wanted nodes each VM group should have
     * @param busy   nodes that host the cluster's pods; released last
     * @return the changes, and how many nodes each group still lacks because the pool cannot complete it
     */
    public static Decision decide(VirtualCluster vc, Map<String, Integer> wanted, List<Node> pool, Set<String> busy) {
        String id = clusterId(vc);
        List<Change> changes = new ArrayList<>();
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, List<Node>> mine = pool.stream().filter(n -> id.equals(claimedBy(n)))
                .collect(Collectors.groupingBy(n -> Objects.requireNonNullElse(label(n, GROUP_LABEL), ""), TreeMap::new, Collectors.toList()));
        List<Node> free = new ArrayList<>(pool.stream().filter(n -> claimedBy(n) == null && schedulable(n))
                .sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList());
        // Release first, so that shrinking groups make room for growing ones: a released node goes back to the
        // free list, and claiming it for another group in the same decision is one change, not two.
        Map<String, Node> releasedByName = new LinkedHashMap<>();
        for (Map.Entry<String, List<Node>> group : mine.entrySet()) {
            int keep = wanted.getOrDefault(group.getKey(), 0);
            List<Node> nodes = group.getValue().stream()
                    .sorted(Comparator.comparing((Node n) -> busy.contains(n.getMetadata().getName()))
                            .thenComparing(n -> n.getMetadata().getName(), Comparator.reverseOrder()))
                    .toList();
            for (int i = 0; i < nodes.size() - keep; i++) {
                Node released = released(nodes.get(i));
                releasedByName.put(released.getMetadata().getName(), released);
                free.add(released);
            }
        }
        free.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        Map<String, List<Node>> kept = new TreeMap<>();
        mine.forEach((group, nodes) -> kept.put(group, nodes.stream()
                .filter(n -> !releasedByName.containsKey(n.getMetadata().getName())).toList()));
        for (Map.Entry<String, Integer> group : new TreeMap<>(wanted).entrySet()) {
            List<Node> have = kept.getOrDefault(group.getKey(), List.of());
            int lacking = group.getValue() - have.size();
            Map<String, Integer> perZone = new HashMap<>();
            have.forEach(n -> perZone.merge(zoneOf(n), 1, Integer::sum));
            // All or nothing: a group claims nodes only when the pool can complete it. Half a group (three nodes for
            // a Business Critical instance that needs four) helps no one and could starve another cluster.
            if (lacking > free.size()) {
                missing.put(group.getKey(), lacking);
                continue;
            }
            while (lacking > 0) {
                // Spread each group over the zones: take a node from the zone the group has least of.
                Node pick = free.stream().min(Comparator.comparingInt((Node n) -> perZone.getOrDefault(zoneOf(n), 0))
                        .thenComparing(n -> n.getMetadata().getName())).orElseThrow();
                free.remove(pick);
                releasedByName.remove(pick.getMetadata().getName());
                perZone.merge(zoneOf(pick), 1, Integer::sum);
                changes.add(new Change(claimed(pick, vc, group.getKey()), group.getKey()));
                lacking--;
            }
        }
        releasedByName.values().forEach(node -> changes.add(0, new Change(node, null)));
        return new Decision(changes, missing);
    }

    /** The changes to write, and what each group still lacks. */
    public record Decision(List<Change> changes, Map<String, Integer> missing) {
    }

    static Node claimed(Node node, VirtualCluster vc, String group) {
        String id = clusterId(vc);
        List<Taint> taints = new ArrayList<>(node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints());
        taints.removeIf(t -> TAINT_KEY.equals(t.getKey()));
        taints.add(new TaintBuilder().withKey(TAINT_KEY).withValue(id).withEffect("NoSchedule").build());
        return new NodeBuilder(node)
                .editMetadata().addToLabels(CLUSTER_LABEL, id).addToLabels(GROUP_LABEL, group)
                .addToAnnotations(CLAIMANT_ANNOTATION, claimant(vc)).endMetadata()
                .editSpec().withTaints(taints).endSpec().build();
    }

    public static Node released(Node node) {
        Node copy = new NodeBuilder(node).build();
        copy.getMetadata().getLabels().remove(CLUSTER_LABEL);
        copy.getMetadata().getLabels().remove(GROUP_LABEL);
        if (copy.getMetadata().getAnnotations() != null) {
            copy.getMetadata().getAnnotations().remove(CLAIMANT_ANNOTATION);
        }
        if (copy.getSpec().getTaints() != null) {
            copy.getSpec().setTaints(copy.getSpec().getTaints().stream().filter(t -> !TAINT_KEY.equals(t.getKey())).toList());
        }
        return copy;
    }

    private static boolean schedulable(Node node) {
        return !Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    private static String label(Node node, String key) {
        return node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(key);
    }
}
