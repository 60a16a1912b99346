package io.sqlmi.operator.virtualcluster;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sqlmi.operator.gateway.RoutingTable;
import java.util.List;

/** What a virtual cluster's children are built from, decided by its reconciler. */
public record VirtualClusterModel(int gatewayReplicas,
                                  RoutingTable routingTable, List<NetworkPolicy> networkPolicies) {
}
