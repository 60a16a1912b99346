package io.sqlmi.operator.capacity;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of planning a virtual cluster: which instances the subnet admits, the VM groups and the nodes each
 * needs, and the address accounting.
 */
public record CapacityPlan(String subnet, int total, int reservedByPlatform, int used, Set<String> admitted,
                           Map<String, Refusal> refused, List<GroupPlan> groups) {

    public int available() {
        return Math.max(0, total - reservedByPlatform - loadBalancer() - used);
    }

    /** The internal load balancer's address (network + 4), taken as long as the virtual cluster exists. */
    public int loadBalancer() {
        return CapacityModel.INTERNAL_LOAD_BALANCER;
    }

    public boolean admits(String instance) {
        return admitted.contains(instance);
    }

    public GroupPlan group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }

    public int admittedCount() {
        return admitted.size();
    }

    /**
     * A VM group: its admitted instances and the nodes and vCores they need. Stopped instances count among its
     * instances (and keep its addresses) but need neither.
     */
    public record GroupPlan(String name, int instances, int stoppedInstances, int nodes, int vCores) {
    }

    /** Why an instance does not fit: the addresses it needs and those left when its turn came. */
    public record Refusal(int needed, int available, boolean needsNewVmGroup) {
    }
}
