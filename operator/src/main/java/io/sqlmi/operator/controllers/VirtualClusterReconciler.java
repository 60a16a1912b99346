package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.capacity.InstanceDemand;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.capacity.ResizeWindow;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.instance.Admission;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterReference;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.gateway.GatewayNames;
import io.sqlmi.operator.gateway.RoutingTable;
import io.sqlmi.operator.gateway.RoutingTableBuilder;
import io.sqlmi.operator.network.EffectiveRoutes;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.PlatformPolicies;
import io.sqlmi.operator.network.ServiceTags;
import io.sqlmi.operator.virtualcluster.DnsZones;
import io.sqlmi.operator.virtualcluster.VirtualClusterModel;
import io.sqlmi.operator.virtualcluster.VirtualClusterStatusAggregator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles a VirtualCluster: the subnet's DNS zone, its security rules as NetworkPolicies, its routes, and the
 * gateway (Deployment, Service, routing table) that routes clients to its instances by host name.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "network-policies", type = NetworkPolicyDependentResource.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY_ROUTES, type = GatewayRoutesDependentResource.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY_SERVICE, type = GatewayServiceDependentResource.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY, type = GatewayDeploymentDependentResource.class)})
@ControllerConfiguration(name = "virtualcluster", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrAnnotationsChanged.class))
public class VirtualClusterReconciler implements Reconciler<VirtualCluster> {

    static final String GATEWAY = "gateway";
    static final String GATEWAY_SERVICE = "gateway-service";
    static final String GATEWAY_ROUTES = "gateway-routes";
    static final String INSTANCES = "instances";
    static final String ENDPOINTS = "endpoints";
    static final String PARTNERS = "dns-zone-partners";
    static final String POOL_NODES = "pool-nodes";
    static final String ENGINE_PODS = "engine-pods";

    private final OperatorConfig config;
    private final NetworkPolicyCompiler compiler;
    private final CapacityPlanner planner;
    private final VirtualClusterSizer sizer;
    private final StatusWriter statusWriter;
    private final Clock clock = Clock.systemUTC();

    public VirtualClusterReconciler(OperatorConfig config, ResizeWindow resizeWindow, NodeClaims nodeClaims,
                                    StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
        this.config = config;
        this.planner = new CapacityPlanner(config.capacity().vcoresPerNode());
        this.sizer = new VirtualClusterSizer(resizeWindow, config.capacity().resizeWindow(), nodeClaims);
        this.compiler = new NetworkPolicyCompiler(new ServiceTags(config.serviceTags()));
    }

    @Override
    public List<EventSource<?, VirtualCluster>> prepareEventSources(EventSourceContext<VirtualCluster> context) {
        var instances = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(ManagedInstance.class, VirtualCluster.class).withName(INSTANCES)
                .withSecondaryToPrimaryMapper(mi -> Set.of(new ResourceID(mi.getSpec().getVirtualCluster(),
                        mi.getMetadata().getNamespace())))
                .build(), context);
        var endpoints = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Endpoint.class, VirtualCluster.class).withName(ENDPOINTS)
                .withSecondaryToPrimaryMapper(ep -> instances.get(new ResourceID(EndpointTargets.instanceName(ep),
                                EndpointTargets.instanceNamespace(ep)))
                        .map(mi -> Set.of(new ResourceID(mi.getSpec().getVirtualCluster(), mi.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build(), context);
        // A cluster sharing another's DNS zone waits for it: an event on the partner wakes the clusters naming it.
        var partners = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(VirtualCluster.class, VirtualCluster.class).withName(PARTNERS)
                .withSecondaryToPrimaryMapper(partner -> context.getPrimaryCache()
                        .list(vc -> isPartnerOf(partner, vc)).map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        // Pool nodes: a node joining, leaving or changing hands can let a waiting cluster grow.
        var poolNodes = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Node.class, VirtualCluster.class).withName(POOL_NODES).withWatchAllNamespaces()
                .withLabelSelector(NodePool.POOL_LABEL + "=true")
                .withOnUpdateFilter((next, previous) -> !Objects.equals(next.getMetadata().getLabels(), previous.getMetadata().getLabels())
                        || !Objects.equals(next.getSpec().getTaints(), previous.getSpec().getTaints())
                        || !Objects.equals(next.getSpec().getUnschedulable(), previous.getSpec().getUnschedulable()))
                .withSecondaryToPrimaryMapper(node -> context.getPrimaryCache().list()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        // Engine pods: where they run decides which claimed nodes can be released first. Looked up, never mapped.
        var enginePods = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Pod.class, VirtualCluster.class).withName(ENGINE_PODS)
                .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=engine")
                .withSecondaryToPrimaryMapper(pod -> Set.of())
                .build(), context);
        return List.of(instances, endpoints, partners, poolNodes, enginePods);
    }

    @Override
    public UpdateControl<VirtualCluster> reconcile(VirtualCluster vc, Context<VirtualCluster> context) {
        if (statusWriter.leaveAlone(vc)) {
            return UpdateControl.noUpdate();
        }
        var status = new VirtualClusterStatusAggregator(vc, clock);
        VirtualCluster active = context.getPrimaryCache().list(vc.getMetadata().getNamespace())
                .min(Comparator.comparing((VirtualCluster c) -> c.getMetadata().getCreationTimestamp())
                        .thenComparing(c -> c.getMetadata().getName()))
                .orElse(vc);
        if (!active.getMetadata().getUid().equals(vc.getMetadata().getUid())) {
            return finish(vc, status.duplicateOf(active).build());
        }
        status.accepted();

        String zone = dnsZone(vc, context, status);
        List<ManagedInstance> instances = Controllers.informer(context, ManagedInstance.class, INSTANCES)
                .list(vc.getMetadata().getNamespace(), mi -> vc.getMetadata().getName().equals(mi.getSpec().getVirtualCluster()))
                .toList();
        CapacityPlan plan = planner.plan(vc.getSpec().getSubnet().getAddressPrefix(), instances.stream()
                .map(mi -> InstanceDemand.of(mi, Admission.holdsAddresses(mi))).toList());

        var rules = EffectiveSecurityRules.of(vc.getSpec());
        var compiled = compiler.compile(vc, rules, virtualNetworks(vc));
        var routes = EffectiveRoutes.of(vc.getSpec());
        status.network(compiled.rules(), compiled.problems(), routes.routes(), routes.conflicts());
        if (zone == null) {
            return finish(vc, status.build());
        }

        List<Endpoint> endpoints = Controllers.informer(context, Endpoint.class, ENDPOINTS).list(ep -> instances.stream()
                .anyMatch(mi -> EndpointTargets.targets(ep, mi))).toList();
        List<NetworkPolicy> policies = new ArrayList<>(compiled.policies());
        policies.add(PlatformPolicies.platformDns(vc));
        List<String> privateNamespaces = endpoints.stream().filter(ep -> ep.getSpec().getType() == EndpointType.Private)
                .map(ep -> ep.getMetadata().getNamespace()).distinct().toList();
        if (!privateNamespaces.isEmpty()) {
            policies.add(PlatformPolicies.privateEndpointAccess(vc, privateNamespaces));
        }
        Set<String> members = instances.stream().map(mi -> mi.getMetadata().getName()).collect(Collectors.toSet());
        var sizing = sizer.size(vc, plan, instances,
                Controllers.informer(context, Node.class, POOL_NODES).list(NodePool::isPoolNode).toList(),
                Controllers.informer(context, Pod.class, ENGINE_PODS).list(vc.getMetadata().getNamespace(),
                        pod -> members.contains(pod.getMetadata().getLabels().get(Labels.MANAGED_INSTANCE))).toList(),
                context.getSecondaryResource(Deployment.class, GATEWAY).orElse(null));
        status.capacity(plan, sizing.groups(), sizing.placement(), sizing.missing(), sizing.resizing());
        RoutingTable routingTable = RoutingTableBuilder.build(vc, zone, config.dnsSuffix(), config.clusterDomain(),
                instances.stream().filter(mi -> plan.admits(mi.getMetadata().getName())).toList(), endpoints);
        context.managedWorkflowAndDependentResourceContext().put(VirtualClusterModel.class,
                new VirtualClusterModel(sizing.gatewayReplicas(), routingTable, policies));
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

        status.gateway(GatewayNames.gateway(vc), sizing.gatewayReplicas(),
                context.getSecondaryResource(Service.class, GATEWAY_SERVICE).orElse(null),
                context.getSecondaryResource(Deployment.class, GATEWAY).orElse(null));
        UpdateControl<VirtualCluster> control = finish(vc, status.build());
        return sizing.recheckAfter().map(control::rescheduleAfter).orElse(control);
    }

    /**
     * The zone is generated once and kept: from status, or from the routing table when status was lost, or shared
     * with the partner named in spec.dnsZonePartner.
     */
    private String dnsZone(VirtualCluster vc, Context<VirtualCluster> context, VirtualClusterStatusAggregator status) {
        if (vc.getStatus() != null && DnsZones.isValid(vc.getStatus().getDnsZone())) {
            status.dnsZone(vc.getStatus().getDnsZone(), vc.getSpec().getDnsZonePartner() == null
                    ? "generated when the cluster was created" : "shared with the partner cluster");
            return vc.getStatus().getDnsZone();
        }
        RoutingTable published = GatewayBuilder.parseRoutes(context.getSecondaryResource(ConfigMap.class, GATEWAY_ROUTES).orElse(null));
        if (published != null && DnsZones.isValid(published.dnsZone())) {
            status.dnsZone(published.dnsZone(), "recovered from the gateway's routing table");
            return published.dnsZone();
        }
        VirtualClusterReference partnerRef = vc.getSpec().getDnsZonePartner();
        if (partnerRef != null) {
            String namespace = partnerRef.getNamespace() == null ? vc.getMetadata().getNamespace() : partnerRef.getNamespace();
            // Read from the informer whose event woke this reconcile; the primary cache may not have the news yet.
            VirtualCluster partner = Controllers.informer(context, VirtualCluster.class, PARTNERS)
                    .get(new ResourceID(partnerRef.getName(), namespace)).orElse(null);
            String partnerZone = partner == null || partner.getStatus() == null ? null : partner.getStatus().getDnsZone();
            if (!DnsZones.isValid(partnerZone)) {
                status.waitingForPartner(namespace + "/" + partnerRef.getName(), partner != null);
                return null;
            }
            status.dnsZone(partnerZone, "shared with the partner cluster " + namespace + "/" + partnerRef.getName());
            return partnerZone;
        }
        String zone = DnsZones.generate();
        status.dnsZone(zone, "generated when the cluster was created");
        return zone;
    }

    private static boolean isPartnerOf(VirtualCluster partner, VirtualCluster vc) {
        VirtualClusterReference ref = vc.getSpec().getDnsZonePartner();
        if (ref == null) {
            return false;
        }
        String namespace = ref.getNamespace() == null ? vc.getMetadata().getNamespace() : ref.getNamespace();
        return ref.getName().equals(partner.getMetadata().getName()) && namespace.equals(partner.getMetadata().getNamespace());
    }

    private static List<String> virtualNetworks(VirtualCluster vc) {
        return Stream.concat(Stream.of(vc.getSpec().getVirtualNetwork()),
                vc.getSpec().getPeeredVirtualNetworks() == null ? Stream.empty() : vc.getSpec().getPeeredVirtualNetworks().stream())
                .distinct().sorted().toList();
    }

    private UpdateControl<VirtualCluster> finish(VirtualCluster vc, VirtualClusterStatus next) {
        return statusWriter.write(vc, next, VirtualCluster::new, VirtualClusterStatus::getState, VirtualClusterStatus::getConditions);
    }

    @Override
    public ErrorStatusUpdateControl<VirtualCluster> updateErrorStatus(VirtualCluster resource, Context<VirtualCluster> context, Exception e) {
        if (Controllers.nothingToRetry(e)) {
            return ErrorStatusUpdateControl.<VirtualCluster>noStatusUpdate().withNoRetry();
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

}
