package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.Condition;
import io.sqlmi.operator.common.Conditions;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.virtualcluster.VirtualClusterStatusAggregator;
import java.util.List;
import java.util.Objects;

/**
 * The part of a VirtualCluster its instances' reconciles read: spec and metadata, and of status the DNS zone, the
 * placement, the gateway's ready replicas and the conditions that decide hosting and node availability. A change
 * elsewhere in the cluster's status (instance counts, addresses, VM groups, security rules, routes) leaves every
 * instance's children and status as they are, so it need not wake a hundred reconciles. Pure.
 */
public record WhatInstancesReadOfTheirCluster(Long generation, Object labels, Object annotations, boolean deleting,
                                              String dnsZone, String placement, Integer gatewayReadyReplicas,
                                              List<String> conditions) {

    /**
     * AddressSpaceSufficient is not read, but it turns True when room is made in a full subnet: the event that wakes
     * an instance waiting for addresses (its plan counts the instances, whose deletion does not wake it).
     */
    private static final List<String> READ_CONDITIONS = List.of(VirtualClusterStatusAggregator.ACCEPTED,
            VirtualClusterStatusAggregator.DNS_ZONE_ASSIGNED, VirtualClusterStatusAggregator.NODES_AVAILABLE,
            VirtualClusterStatusAggregator.ADDRESS_SPACE_SUFFICIENT);

    public static WhatInstancesReadOfTheirCluster of(VirtualCluster vc) {
        VirtualClusterStatus status = vc.getStatus();
        return new WhatInstancesReadOfTheirCluster(vc.getMetadata().getGeneration(), vc.getMetadata().getLabels(),
                vc.getMetadata().getAnnotations(), vc.getMetadata().getDeletionTimestamp() != null,
                status == null ? null : status.getDnsZone(), status == null ? null : status.getPlacement(),
                status == null || status.getGateway() == null ? null : status.getGateway().getReadyReplicas(),
                status == null ? null : READ_CONDITIONS.stream().map(type -> {
                    Condition c = Conditions.find(status.getConditions(), type);
                    return c == null ? type : type + "=" + c.getStatus() + "/" + c.getReason() + "/" + c.getMessage();
                }).toList());
    }

    /** Whether an update of the cluster from {@code before} to {@code after} changes what its instances read. */
    public static boolean changes(VirtualCluster after, VirtualCluster before) {
        return !Objects.equals(of(after), of(before));
    }
}
