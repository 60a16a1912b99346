package io.sqlmi.operator.virtualcluster;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.capacity.Resize;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.RoutingTable;
import io.sqlmi.operator.gateway.RoutingTableBuilder;
import io.sqlmi.operator.network.EffectiveRoutes;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.PlatformPolicies;
import io.sqlmi.operator.network.ServiceTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides what a virtual cluster should be, from what its reconciler read: its DNS zone, the subnet's capacity plan,
 * its security rules as NetworkPolicies, its gateway's routing table and size. Pure.
 */
public final class VirtualClusterPlanner {

    private final CapacityPlanner capacity;
    private final NetworkPolicyCompiler compiler;
    private final String dnsSuffix;
    private final String clusterDomain;
    private final Duration resizeWindow;

    public VirtualClusterPlanner(OperatorConfig config) {
        this.capacity = new CapacityPlanner(config.capacity().vcoresPerNode());
        this.compiler = new NetworkPolicyCompiler(new ServiceTags(config.serviceTags()));
        this.dnsSuffix = config.dnsSuffix();
        this.clusterDomain = config.clusterDomain();
        this.resizeWindow = config.capacity().resizeWindow();
    }

    public VirtualClusterPlan plan(VirtualClusterFacts facts) {
        VirtualCluster vc = facts.virtualCluster();
        VirtualCluster active = facts.oldestInNamespace();
        if (active != null && !active.getMetadata().getUid().equals(vc.getMetadata().getUid())) {
            return VirtualClusterPlan.duplicate(active);
        }
        DnsZones.Choice zone = DnsZones.choose(vc, facts.publishedRoutes(), facts.partner());
        CapacityPlan plan = capacity.plan(vc, facts.instances());
        NetworkPolicyCompiler.Result network = compiler.compile(vc, EffectiveSecurityRules.of(vc.getSpec()), virtualNetworks(vc));
        EffectiveRoutes.Result routes = EffectiveRoutes.of(vc.getSpec());
        if (!(zone instanceof DnsZones.Assigned assigned)) {
            return new VirtualClusterPlan(null, zone, plan, network, routes, null, Set.of(), null);
        }
        Resize resize = Resize.decide(vc, plan, facts.poolNodes(), facts.gateway(), facts.windowOpened(), facts.now(),
                resizeWindow);
        RoutingTable routingTable = RoutingTableBuilder.build(vc, assigned.zone(), dnsSuffix, clusterDomain,
                facts.instances().stream().filter(mi -> plan.admits(mi.getMetadata().getName())).toList(), facts.endpoints());
        Set<String> busy = facts.enginePods().stream().map(p -> p.getSpec().getNodeName()).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return new VirtualClusterPlan(null, zone, plan, network, routes, resize, busy,
                new VirtualClusterModel(resize.gatewayReplicas(), routingTable, networkPolicies(vc, network, facts)));
    }

    /** The compiled rules, the platform's DNS egress and, once private endpoints exist, their way in. */
    private static List<NetworkPolicy> networkPolicies(VirtualCluster vc, NetworkPolicyCompiler.Result network,
                                                       VirtualClusterFacts facts) {
        List<NetworkPolicy> policies = new ArrayList<>(network.policies());
        policies.add(PlatformPolicies.platformDns(vc));
        List<String> privateNamespaces = facts.endpoints().stream().filter(ep -> ep.getSpec().getType() == EndpointType.Private)
                .map(ep -> ep.getMetadata().getNamespace()).distinct().toList();
        if (!privateNamespaces.isEmpty()) {
            policies.add(PlatformPolicies.privateEndpointAccess(vc, privateNamespaces));
        }
        return policies;
    }

    private static List<String> virtualNetworks(VirtualCluster vc) {
        return Stream.concat(Stream.of(vc.getSpec().getVirtualNetwork()),
                        vc.getSpec().getPeeredVirtualNetworks() == null ? Stream.empty() : vc.getSpec().getPeeredVirtualNetworks().stream())
                .distinct().sorted().toList();
    }
}
