package io.sqlmi.operator.virtualcluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sqlmi.operator.capacity.CapacityModel;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.Resize;
import io.sqlmi.operator.common.Conditions;
import io.sqlmi.operator.crds.v1alpha1.AddressStatus;
import io.sqlmi.operator.crds.v1alpha1.EffectiveRoute;
import io.sqlmi.operator.crds.v1alpha1.EffectiveSecurityRule;
import io.sqlmi.operator.crds.v1alpha1.GatewayStatus;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterState;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.crds.v1alpha1.VmGroupStatus;
import io.sqlmi.operator.gateway.GatewayNames;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place a VirtualCluster's status and conditions are put together. Pure: the reconciler hands over what it
 * read, planned and applied in one call, {@link #of}; the steps it takes are the methods below, in that order.
 */
public final class VirtualClusterStatusAggregator {

    public static final String ACCEPTED = "Accepted";
    public static final String DNS_ZONE_ASSIGNED = "DnsZoneAssigned";
    public static final String NETWORK_INTENT_POLICY_APPLIED = "NetworkIntentPolicyApplied";
    public static final String ROUTES_VALID = "RoutesValid";
    public static final String GATEWAY_AVAILABLE = "GatewayAvailable";
    public static final String ADDRESS_SPACE_SUFFICIENT = "AddressSpaceSufficient";
    public static final String NODES_AVAILABLE = "NodesAvailable";

    private final VirtualCluster vc;
    private final Conditions conditions;
    private final VirtualClusterStatus status = new VirtualClusterStatus();
    private boolean failed;
    private boolean resizing;

    /**
     * The status for what a reconcile read, planned and applied.
     *
     * @param sizing         what the resize achieved; null when the cluster got no children
     * @param gatewayService the gateway's Service as the reconcile left it, or null
     * @param gateway        the gateway's Deployment as the reconcile left it, or null
     */
    public static VirtualClusterStatus of(VirtualCluster vc, VirtualClusterPlan plan, Resize.Outcome sizing,
                                          Service gatewayService, Deployment gateway, Clock clock) {
        var status = new VirtualClusterStatusAggregator(vc, clock);
        if (plan.duplicateOf() != null) {
            return status.duplicateOf(plan.duplicateOf()).build();
        }
        status.accepted();
        if (plan.zone() instanceof DnsZones.Assigned assigned) {
            status.dnsZone(assigned.zone(), assigned.source());
        } else if (plan.zone() instanceof DnsZones.WaitingForPartner waiting) {
            status.waitingForPartner(waiting.partner(), waiting.partnerExists());
        }
        status.network(plan.network().rules(), plan.network().problems(), plan.routes().routes(), plan.routes().conflicts());
        if (!plan.hasChildren()) {
            return status.build();
        }
        return status.capacity(plan.capacity(), sizing.groups(), sizing.placement(), sizing.missing(), sizing.resizing())
                .gateway(GatewayNames.gateway(vc), plan.resize().gatewayReplicas(), gatewayService, gateway)
                .build();
    }

    public VirtualClusterStatusAggregator(VirtualCluster vc, Clock clock) {
        this.vc = vc;
        VirtualClusterStatus previous = Optional.ofNullable(vc.getStatus()).orElseGet(VirtualClusterStatus::new);
        conditions = new Conditions(previous.getConditions(), vc.getMetadata().getGeneration(), clock);
        status.setObservedGeneration(vc.getMetadata().getGeneration());
        status.setDnsZone(previous.getDnsZone());
        status.setState(previous.getState());
    }

    /** Why an instance cannot be placed in this virtual cluster now, or null when it can. */
    public static String whyNotHosting(VirtualCluster vc) {
        if (vc.getStatus() == null) {
            return "it has not been reconciled yet.";
        }
        var accepted = Conditions.find(vc.getStatus().getConditions(), ACCEPTED);
        if (accepted != null && Conditions.FALSE.equals(accepted.getStatus())) {
            return accepted.getMessage();
        }
        if (!DnsZones.isValid(vc.getStatus().getDnsZone())) {
            var zone = Conditions.find(vc.getStatus().getConditions(), DNS_ZONE_ASSIGNED);
            return zone != null ? zone.getMessage() : "its DNS zone is not assigned yet.";
        }
        return null;
    }

    public VirtualClusterStatusAggregator duplicateOf(VirtualCluster active) {
        failed = true;
        conditions.set(ACCEPTED, false, "DuplicateVirtualCluster", "Namespace " + vc.getMetadata().getNamespace()
                + " already holds VirtualCluster " + active.getMetadata().getName()
                + ", and a subnet holds exactly one virtual cluster: delete this one, or move it to a namespace of its own.");
        return this;
    }

    public VirtualClusterStatusAggregator accepted() {
        conditions.set(ACCEPTED, true, "SubnetDelegated", "The namespace is the dedicated subnet "
                + vc.getSpec().getSubnet().getAddressPrefix() + " of virtual network " + vc.getSpec().getVirtualNetwork() + ".");
        return this;
    }

    public VirtualClusterStatusAggregator dnsZone(String zone, String source) {
        status.setDnsZone(zone);
        conditions.set(DNS_ZONE_ASSIGNED, true, "Assigned", "DNS zone " + zone + " (" + source + ").");
        return this;
    }

    public VirtualClusterStatusAggregator waitingForPartner(String partner, boolean exists) {
        conditions.set(DNS_ZONE_ASSIGNED, false, exists ? "WaitingForPartnerZone" : "PartnerNotFound",
                exists ? "Waiting for the partner VirtualCluster " + partner + " to get its DNS zone; this cluster shares it."
                        : "The partner VirtualCluster " + partner + " named in spec.dnsZonePartner does not exist: create it"
                        + " (this cluster then shares its DNS zone) or create this cluster again without dnsZonePartner.");
        return this;
    }

    public VirtualClusterStatusAggregator network(List<EffectiveSecurityRule> rules, List<String> problems,
                                                  List<EffectiveRoute> routes, List<String> routeConflicts) {
        status.setSecurityRules(rules);
        status.setRoutes(routes);
        conditions.set(NETWORK_INTENT_POLICY_APPLIED, problems.isEmpty(), problems.isEmpty() ? "Applied" : "PartiallyApplied",
                problems.isEmpty() ? "The mandatory, default and user security rules are enforced as NetworkPolicies."
                        : "The mandatory rules are enforced; " + String.join("; ", problems) + ".");
        conditions.set(ROUTES_VALID, routeConflicts.isEmpty(), routeConflicts.isEmpty() ? "Valid" : "MandatoryRouteOverridden",
                routeConflicts.isEmpty() ? "The route table keeps every mandatory route." : String.join("; ", routeConflicts) + ".");
        return this;
    }

    /**
     * The virtual cluster's size: admitted instances, VM groups with their nodes, the address accounting and, in a
     * node pool, whether the pool had nodes enough.
     */
    public VirtualClusterStatusAggregator capacity(CapacityPlan plan, List<VmGroupStatus> vmGroups, String placement,
                                                   Map<String, Integer> missingNodes, boolean resizing) {
        this.resizing = resizing;
        status.setInstances(plan.admittedCount());
        status.setVmGroups(vmGroups);
        status.setPlacement(placement);
        AddressStatus addresses = new AddressStatus();
        addresses.setTotal(plan.total());
        addresses.setReservedByPlatform(plan.reservedByPlatform());
        addresses.setInternalLoadBalancer(plan.loadBalancer());
        addresses.setUsed(plan.used());
        addresses.setAvailable(plan.available());
        status.setAddresses(addresses);
        if (plan.refused().isEmpty()) {
            conditions.set(ADDRESS_SPACE_SUFFICIENT, true, "Sufficient", "Subnet " + plan.subnet() + " has "
                    + plan.available() + " of " + plan.total() + " addresses free (" + CapacityModel.FORMULA_SOURCE + ").");
        } else {
            String waiting = plan.refused().entrySet().stream().map(e -> e.getKey() + " (needs " + e.getValue().needed() + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
            conditions.set(ADDRESS_SPACE_SUFFICIENT, false, "SubnetFull", "Subnet " + plan.subnet() + " has "
                    + plan.total() + " addresses, " + plan.reservedByPlatform() + " reserved by the platform, "
                    + plan.loadBalancer() + " taken by the internal load balancer and " + plan.used() + " in use, so " + plan.available() + " are left; waiting: " + waiting
                    + ". Delete an instance, or create these in a VirtualCluster with a larger subnet.");
        }
        if (Resize.NODE_POOL.equals(placement)) {
            if (missingNodes.isEmpty()) {
                conditions.set(NODES_AVAILABLE, true, "Claimed", "Every VM group has the pool nodes it needs.");
            } else {
                conditions.set(NODES_AVAILABLE, false, "PoolExhausted", "The node pool has no free node for "
                        + missingNodes.entrySet().stream().map(e -> "VM group " + e.getKey() + " (" + e.getValue() + " more)")
                        .collect(java.util.stream.Collectors.joining(", "))
                        + ": label more nodes sqlmi.io/pool=true or delete instances; waiting instances start by themselves.");
            }
        }
        return this;
    }

    public VirtualClusterStatusAggregator gateway(String serviceName, int desiredReplicas, Service service, Deployment deployment) {
        GatewayStatus gateway = new GatewayStatus();
        gateway.setServiceName(serviceName);
        // The internal load balancer's address in the subnet, once the operator's load-balancer controller wrote it.
        String address = LoadBalancerAddresses.ingressIp(service);
        gateway.setAddress(address);
        int ready = deployment == null || deployment.getStatus() == null ? 0
                : Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0);
        gateway.setReplicas(desiredReplicas);
        gateway.setReadyReplicas(ready);
        status.setGateway(gateway);
        if (address == null) {
            conditions.set(GATEWAY_AVAILABLE, false, "WaitingForAddress", "Waiting for the internal load balancer "
                    + serviceName + " to get its address "
                    + LoadBalancerAddresses.internalLoadBalancer(vc.getSpec().getSubnet().getAddressPrefix())
                    + " in subnet " + vc.getSpec().getSubnet().getAddressPrefix() + ".");
            return this;
        }
        boolean available = desiredReplicas == 0 || ready > 0;
        conditions.set(GATEWAY_AVAILABLE, available, desiredReplicas == 0 ? "ScaledToZero" : available ? "Available" : "Starting",
                desiredReplicas == 0 ? "No instance is hosted, so the gateway runs no replica; its address is " + address + "."
                        : ready + " of " + desiredReplicas + " gateway replicas ready at " + address + ".");
        return this;
    }

    public VirtualClusterStatus build() {
        boolean ready = !failed && conditions.isTrue(ACCEPTED) && conditions.isTrue(DNS_ZONE_ASSIGNED)
                && conditions.isTrue(GATEWAY_AVAILABLE);
        if (failed) {
            status.setState(VirtualClusterState.Failed);
        } else if (ready && resizing) {
            status.setState(VirtualClusterState.Resizing);
        } else if (ready) {
            status.setState(VirtualClusterState.Ready);
        } else if (status.getState() != VirtualClusterState.Ready && status.getState() != VirtualClusterState.Resizing) {
            status.setState(VirtualClusterState.Creating);
        } else {
            status.setState(VirtualClusterState.Resizing);
        }
        if (ready) {
            conditions.set(Conditions.READY, true, "Ready", "The virtual cluster hosts " + status.getInstances()
                    + " instance(s) in DNS zone " + status.getDnsZone() + ".");
        } else {
            var cause = conditions.firstNotTrue(ACCEPTED, DNS_ZONE_ASSIGNED, GATEWAY_AVAILABLE);
            conditions.set(Conditions.READY, false, cause == null ? "Reconciling" : cause.getReason(),
                    cause == null ? "The operator is setting up the virtual cluster." : cause.getMessage());
        }
        status.setConditions(conditions.build());
        return status;
    }
}
