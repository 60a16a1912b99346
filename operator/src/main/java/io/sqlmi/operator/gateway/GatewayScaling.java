package io.sqlmi.operator.gateway;

/**
 * How many gateway replicas a virtual cluster runs: none while it hosts no instance (the cluster contracts to
 * nothing but its subnet, rules and DNS zone), two for availability as soon as it hosts one, and one more for
 * every further 20 instances, up to 10.
 */
public final class GatewayScaling {

    static final int MINIMUM_WITH_INSTANCES = 2;
    static final int INSTANCES_PER_REPLICA = 20;
    static final int MAXIMUM = 10;

    private GatewayScaling() {
    }

    public static int replicasFor(int instances) {
        if (instances <= 0) {
            return 0;
        }
        int byLoad = (instances + INSTANCES_PER_REPLICA - 1) / INSTANCES_PER_REPLICA;
        return Math.min(MAXIMUM, Math.max(MINIMUM_WITH_INSTANCES, byLoad + 1));
    }
}
