package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.capacity.Resize;
import io.sqlmi.operator.capacity.ResizeWindow;
import io.sqlmi.operator.certificates.ServerCertificates;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.virtualcluster.DnsZones;
import io.sqlmi.operator.virtualcluster.VirtualClusterFacts;
import io.sqlmi.operator.virtualcluster.VirtualClusterModel;
import io.sqlmi.operator.virtualcluster.VirtualClusterPlan;
import io.sqlmi.operator.virtualcluster.VirtualClusterPlanner;
import io.sqlmi.operator.virtualcluster.VirtualClusterStatusAggregator;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles a VirtualCluster: the subnet's DNS zone, its security rules as NetworkPolicies, its routes, its size,
 * and the gateway (Deployment, Service, routing table) that routes clients to its instances by host name. It
 * gathers the facts ({@link VirtualClusterFacts}), takes the plan from {@link VirtualClusterPlanner} and the status
 * from {@link VirtualClusterStatusAggregator#of}, and applies them: the resize window, node claims, children.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "network-policies", type = NetworkPolicyDependentResource.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY_ROUTES, type = GatewayRoutesDependentResource.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY_SERVICE, type = GatewayServiceDependentResource.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY_TLS, type = GatewayTlsSecretDependentResource.class,
                reconcilePrecondition = GatewayTlsSecretDependentResource.OperatorIssues.class),
        @Dependent(name = VirtualClusterReconciler.GATEWAY, type = GatewayDeploymentDependentResource.class)})
@ControllerConfiguration(name = "virtualcluster", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecLabelsAnnotationsOrDeletionChanged.class))
public class VirtualClusterReconciler implements Reconciler<VirtualCluster> {

    static final String GATEWAY = "gateway";
    static final String GATEWAY_SERVICE = "gateway-service";
    static final String GATEWAY_ROUTES = "gateway-routes";
    static final String GATEWAY_TLS = "gateway-tls";
    static final String INSTANCES = "instances";
    static final String ENDPOINTS = "endpoints";
    static final String PARTNERS = "dns-zone-partners";
    static final String POOL_NODES = "pool-nodes";
    static final String ENGINE_PODS = "engine-pods";

    private final VirtualClusterPlanner planner;
    private final ResizeWindow window;
    private final NodeClaims nodeClaims;
    private final ReconcileGate gate;
    private final StatusPublisher statusPublisher;
    private final Clock clock = Clock.systemUTC();

    public VirtualClusterReconciler(OperatorConfig config, ResizeWindow window, NodeClaims nodeClaims,
                                    ReconcileGate gate, StatusPublisher statusPublisher) {
        this.planner = new VirtualClusterPlanner(config);
        this.window = window;
        this.nodeClaims = nodeClaims;
        this.gate = gate;
        this.statusPublisher = statusPublisher;
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
                        .list(vc -> DnsZones.isPartnerOf(partner, vc)).map(ResourceID::fromResource).collect(Collectors.toSet()))
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
        if (gate.closedFor(vc)) {
            return UpdateControl.noUpdate();
        }
        VirtualClusterFacts facts = facts(vc, context);
        VirtualClusterPlan plan = planner.plan(facts);
        Resize.Outcome sizing = plan.hasChildren() ? apply(vc, facts, plan, context) : null;
        VirtualClusterStatus next = VirtualClusterStatusAggregator.of(vc, plan, sizing,
                context.getSecondaryResource(Service.class, GATEWAY_SERVICE).orElse(null),
                context.getSecondaryResource(Deployment.class, GATEWAY).orElse(null), clock);
        UpdateControl<VirtualCluster> control = statusPublisher.publish(vc, next, VirtualCluster::new,
                VirtualClusterStatus::getState, VirtualClusterStatus::getConditions);
        if (sizing != null) {
            control = sizing.recheckAfter().map(control::rescheduleAfter).orElse(control);
            // A quiet cluster is still woken in time to renew its gateway's certificate.
            control = Controllers.recheckNoLaterThan(control, ServerCertificates.untilRenewal(
                    context.getSecondaryResource(Secret.class, GATEWAY_TLS).orElse(null), clock.instant()));
        }
        return control;
    }

    /** Everything the plan needs, from the informer caches. */
    private VirtualClusterFacts facts(VirtualCluster vc, Context<VirtualCluster> context) {
        String namespace = vc.getMetadata().getNamespace();
        VirtualCluster oldest = context.getPrimaryCache().list(namespace)
                .min(Comparator.comparing((VirtualCluster c) -> c.getMetadata().getCreationTimestamp())
                        .thenComparing(c -> c.getMetadata().getName()))
                .orElse(vc);
        List<ManagedInstance> instances = Controllers.informer(context, ManagedInstance.class, INSTANCES)
                .list(namespace, mi -> vc.getMetadata().getName().equals(mi.getSpec().getVirtualCluster())).toList();
        List<Endpoint> endpoints = Controllers.informer(context, Endpoint.class, ENDPOINTS)
                .list(ep -> instances.stream().anyMatch(mi -> EndpointTargets.targets(ep, mi))).toList();
        // Read from the informer whose event woke this reconcile; the primary cache may not have the news yet.
        VirtualCluster partner = vc.getSpec().getDnsZonePartner() == null ? null
                : Controllers.informer(context, VirtualCluster.class, PARTNERS).get(new ResourceID(
                        vc.getSpec().getDnsZonePartner().getName(), DnsZones.partnerNamespace(vc))).orElse(null);
        Set<String> members = instances.stream().map(mi -> mi.getMetadata().getName()).collect(Collectors.toSet());
        return new VirtualClusterFacts(vc, oldest, instances, endpoints,
                GatewayBuilder.parseRoutes(context.getSecondaryResource(ConfigMap.class, GATEWAY_ROUTES).orElse(null)),
                partner, Controllers.informer(context, Node.class, POOL_NODES).list(NodePool::isPoolNode).toList(),
                Controllers.informer(context, Pod.class, ENGINE_PODS).list(namespace,
                        pod -> members.contains(pod.getMetadata().getLabels().get(Labels.MANAGED_INSTANCE))).toList(),
                context.getSecondaryResource(Deployment.class, GATEWAY).orElse(null),
                window.openedAt(vc.getMetadata().getUid()), clock.instant());
    }

    /** The resize window, the node claims (the one write outside the workflow), then the children; returns what the resize achieved. */
    private Resize.Outcome apply(VirtualCluster vc, VirtualClusterFacts facts, VirtualClusterPlan plan,
                                 Context<VirtualCluster> context) {
        Resize resize = plan.resize();
        if (resize.window() == Resize.WindowChange.OPEN) {
            window.open(vc.getMetadata().getUid(), facts.now());
        } else {
            window.close(vc.getMetadata().getUid());
        }
        NodePool.Decision claims = resize.claimsNodes() ? nodeClaims.apply(vc, resize.wantedNodes(), plan.busyNodes()) : null;
        context.managedWorkflowAndDependentResourceContext().put(VirtualClusterModel.class, plan.model());
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        return resize.outcome(vc, plan.capacity(), claims, facts.instances());
    }

    @Override
    public ErrorStatusUpdateControl<VirtualCluster> updateErrorStatus(VirtualCluster resource, Context<VirtualCluster> context, Exception e) {
        return Controllers.errorHandling(e);
    }

}
