package io.sqlmi.operator.instance;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;

/**
 * The computed facts an instance's children are built from: decided by the reconciler (zone, port, password
 * source), consumed by the pure builders.
 *
 * @param placement     the VM group's claimed nodes to run on, or null when the cluster has no node pool
 * @param adminPassword the administrator's password, read from the user's Secret or the generated one (or just
 *                      generated, when the generated Secret does not exist yet)
 */
public record InstanceModel(ManagedInstance instance, String fqdn,
                            int redirectPort, String adminSecretName, String adminSecretKey, String adminPassword,
                            Placement placement) {
}
