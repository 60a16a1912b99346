package io.sqlmi.operator.instance;

import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.capacity.Resize;
import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.Optional;

/**
 * The computed facts an instance's children are built from: decided from the reconciler's facts (zone, port,
 * password source), consumed by the pure builders.
 *
 * @param placement     the VM group's claimed nodes to run on, or null when the cluster has no node pool
 * @param adminPassword the administrator's password, read from the user's Secret or the generated one (or just
 *                      generated, when the generated Secret does not exist yet)
 */
public record InstanceModel(ManagedInstance instance, String fqdn,
                            int redirectPort, String adminSecretName, String adminSecretKey, String adminPassword,
                            Placement placement) {

    /**
     * The children an instance should have: none until it is admitted to its subnet, has its password and holds a
     * redirect port. Pure.
     */
    public static Optional<InstanceModel> desired(ManagedInstance mi, InstanceFacts facts) {
        if (!(facts.hosting() instanceof Hosting.Admitted admitted) || !facts.password().available()
                || facts.redirectPort().isEmpty()) {
            return Optional.empty();
        }
        VirtualCluster vc = admitted.virtualCluster();
        boolean pool = vc.getStatus() != null && Resize.NODE_POOL.equals(vc.getStatus().getPlacement());
        Placement placement = pool ? new Placement(NodePool.clusterId(vc), VmGroups.nameOf(mi.getSpec())) : null;
        AdminPassword password = facts.password();
        return Optional.of(new InstanceModel(mi, admitted.fqdn(), facts.redirectPort().getAsInt(),
                password.secret(), password.key(), password.value(), placement));
    }

    /** Where the gateway redirects this instance's logins: a name in its DNS zone ({@link HostNames#primaryReplica}). */
    public String primaryHost() {
        return HostNames.replicaOf(fqdn, HostNames.PRIMARY_LABEL);
    }

    /** Where the gateway redirects logins with read intent ({@link HostNames#readableSecondary}). */
    public String secondaryHost() {
        return HostNames.replicaOf(fqdn, HostNames.SECONDARY_LABEL);
    }

    /** The engine's replicas: the tier's, or 0 while the instance is stopped (its volumes stay). */
    public int engineReplicas() {
        return StopStart.of(instance).engineRuns() ? InstanceSettings.replicas(instance.getSpec()) : 0;
    }
}
