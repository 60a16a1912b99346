package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
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
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.endpoint.EndpointFacts;
import io.sqlmi.operator.endpoint.EndpointModel;
import io.sqlmi.operator.endpoint.EndpointStatusAggregator;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.gateway.GatewayNames;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles an Endpoint: a VNet-local one reports the gateway's address; a public one gets a Service on 3342 in
 * front of the gateway; a private one gets a Service on 1433 in its own namespace whose EndpointSlice follows the
 * gateway's pods. It gathers the facts ({@link EndpointFacts}), takes the children from {@link EndpointModel#desired}
 * and the status from {@link EndpointStatusAggregator#of}, and applies both.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = EndpointReconciler.SERVICE, type = EndpointServiceDependentResource.class,
                reconcilePrecondition = EndpointServiceDependentResource.Wanted.class),
        @Dependent(name = "private-slice", type = PrivateEndpointSliceDependentResource.class,
                reconcilePrecondition = PrivateEndpointSliceDependentResource.Wanted.class)})
@ControllerConfiguration(name = "endpoint", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecLabelsAnnotationsOrDeletionChanged.class,
                itemStore = LeanItemStores.WithoutManagedFields.class))
public class EndpointReconciler implements Reconciler<Endpoint> {

    static final String SERVICE = "endpoint-service";
    static final String INSTANCES = "endpoint-instances";
    static final String CLUSTERS = "endpoint-clusters";
    static final String GATEWAY_SLICES = "gateway-slices";

    private final OperatorConfig config;
    private final ReconcileGate gate;
    private final StatusPublisher statusPublisher;
    private final Clock clock = Clock.systemUTC();

    public EndpointReconciler(OperatorConfig config, ReconcileGate gate, StatusPublisher statusPublisher) {
        this.config = config;
        this.gate = gate;
        this.statusPublisher = statusPublisher;
    }

    @Override
    public List<EventSource<?, Endpoint>> prepareEventSources(EventSourceContext<Endpoint> context) {
        var instances = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(ManagedInstance.class, Endpoint.class).withName(INSTANCES)
                .withSecondaryToPrimaryMapper(mi -> context.getPrimaryCache().list(ep -> EndpointTargets.targets(ep, mi))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withItemStore(new LeanItemStores.WithoutManagedFields<>())
                .build(), context);
        var clusters = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(VirtualCluster.class, Endpoint.class).withName(CLUSTERS)
                .withSecondaryToPrimaryMapper(vc -> endpointsOfCluster(context, instances,
                        vc.getMetadata().getNamespace(), vc.getMetadata().getName(), null))
                .withItemStore(new LeanItemStores.WithoutManagedFields<>())
                .build(), context);
        var gatewaySlices = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(EndpointSlice.class, Endpoint.class).withName(GATEWAY_SLICES)
                .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + GatewayNames.COMPONENT)
                .withSecondaryToPrimaryMapper(slice -> endpointsOfCluster(context, instances,
                        slice.getMetadata().getNamespace(), slice.getMetadata().getLabels().get(Labels.VIRTUAL_CLUSTER),
                        EndpointType.Private))
                .withItemStore(new LeanItemStores.WithoutManagedFields<>())
                .build(), context);
        return List.of(instances, clusters, gatewaySlices);
    }

    private static Set<ResourceID> endpointsOfCluster(EventSourceContext<Endpoint> context,
                                                      InformerEventSource<ManagedInstance, Endpoint> instances,
                                                      String namespace, String cluster, EndpointType onlyType) {
        if (cluster == null) {
            return Set.of();
        }
        return context.getPrimaryCache().list(ep -> onlyType == null || ep.getSpec().getType() == onlyType)
                .filter(ep -> namespace.equals(EndpointTargets.instanceNamespace(ep)))
                .filter(ep -> instances.get(new ResourceID(EndpointTargets.instanceName(ep), namespace))
                        .map(mi -> cluster.equals(mi.getSpec().getVirtualCluster())).orElse(false))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<Endpoint> reconcile(Endpoint endpoint, Context<Endpoint> context) {
        if (gate.closedFor(endpoint)) {
            return UpdateControl.noUpdate();
        }
        EndpointFacts facts = facts(endpoint, context);
        if (EndpointStatusAggregator.waitsForItsInstance(facts) || EndpointStatusAggregator.goesWithItsInstance(facts)) {
            return UpdateControl.noUpdate();
        }
        Service service = null;
        if (facts.hasChildren()) {
            EndpointModel.desired(facts)
                    .ifPresent(model -> context.managedWorkflowAndDependentResourceContext().put(EndpointModel.class, model));
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
            service = context.getSecondaryResource(Service.class, SERVICE).orElse(null);
        }
        EndpointStatus next = EndpointStatusAggregator.of(facts, service, config.dnsSuffix(), clock);
        return statusPublisher.publish(endpoint, next, Endpoint::new, EndpointStatus::getState, EndpointStatus::getConditions);
    }

    /** The instance, its virtual cluster and the gateway's ready pods, from the informer caches. */
    private static EndpointFacts facts(Endpoint endpoint, Context<Endpoint> context) {
        String miNamespace = EndpointTargets.instanceNamespace(endpoint);
        String miName = EndpointTargets.instanceName(endpoint);
        ManagedInstance mi = miName == null ? null : Controllers.informer(context, ManagedInstance.class, INSTANCES)
                .get(new ResourceID(miName, miNamespace)).orElse(null);
        VirtualCluster vc = mi == null ? null : Controllers.informer(context, VirtualCluster.class, CLUSTERS)
                .get(new ResourceID(mi.getSpec().getVirtualCluster(), miNamespace)).orElse(null);
        List<String> gatewayAddresses = vc == null ? List.of() : EndpointModel.readyAddresses(
                Controllers.informer(context, EndpointSlice.class, GATEWAY_SLICES).list(vc.getMetadata().getNamespace(),
                        slice -> GatewayNames.gateway(vc).equals(slice.getMetadata().getLabels().get("kubernetes.io/service-name")))
                        .toList());
        return new EndpointFacts(endpoint, mi, vc, gatewayAddresses);
    }

    @Override
    public ErrorStatusUpdateControl<Endpoint> updateErrorStatus(Endpoint resource, Context<Endpoint> context, Exception e) {
        return Controllers.errorHandling(e);
    }

}
