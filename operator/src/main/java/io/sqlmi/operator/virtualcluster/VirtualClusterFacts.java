package io.sqlmi.operator.virtualcluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.RoutingTable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a reconcile of a VirtualCluster reads before it decides anything, all of it from informer caches (and the
 * operator's own memory of the resize window).
 *
 * @param oldestInNamespace the namespace's first VirtualCluster: a subnet holds exactly one
 * @param instances         the ManagedInstances naming the cluster
 * @param endpoints         the Endpoints leading to those instances
 * @param publishedRoutes   the routing table in the gateway's ConfigMap, or null
 * @param partner           the VirtualCluster spec.dnsZonePartner names, or null
 * @param poolNodes         every node labelled sqlmi.io/pool=true
 * @param enginePods        the engine pods of the cluster's instances
 * @param gateway           the gateway Deployment as it is, or null
 * @param windowOpened      when the cluster's resize window opened, if one is open
 */
public record VirtualClusterFacts(VirtualCluster virtualCluster, VirtualCluster oldestInNamespace,
                                  List<ManagedInstance> instances, List<Endpoint> endpoints,
                                  RoutingTable publishedRoutes, VirtualCluster partner,
                                  List<Node> poolNodes, List<Pod> enginePods, Deployment gateway,
                                  Optional<Instant> windowOpened, Instant now) {
}
