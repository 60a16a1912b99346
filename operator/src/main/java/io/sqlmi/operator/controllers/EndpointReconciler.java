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
import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.endpoint.EndpointModel;
import io.sqlmi.operator.endpoint.EndpointStatusAggregator;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.gateway.GatewayNames;
import io.sqlmi.operator.instance.InstanceSettings;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles an Endpoint: a VNet-local one reports the gateway's address; a public one gets a Service on 3342 in
 * front of the gateway; a private one gets a Service on 1433 in its own namespace whose EndpointSlice follows the
 * gateway's pods.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = EndpointReconciler.SERVICE, type = EndpointServiceDependentResource.class,
                reconcilePrecondition = EndpointServiceDependentResource.Wanted.class),
        @Dependent(name = "private-slice", type = PrivateEndpointSliceDependentResource.class,
                reconcilePrecondition = PrivateEndpointSliceDependentResource.Wanted.class)})
@ControllerConfiguration(name = "endpoint", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrAnnotationsChanged.class))
public class EndpointReconciler implements Reconciler<Endpoint> {

    static final String SERVICE = "endpoint-service";
    static final String INSTANCES = "endpoint-instances";
    static final String CLUSTERS = "endpoint-clusters";
    static final String GATEWAY_SLICES = "gateway-slices";

    private final OperatorConfig config;
    private final StatusWriter statusWriter;
    private final Clock clock = Clock.systemUTC();

    public EndpointReconciler(OperatorConfig config, StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
        this.config = config;
    }

    @Override
    public List<EventSource<?, Endpoint>> prepareEventSources(EventSourceContext<Endpoint> context) {
        var instances = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(ManagedInstance.class, Endpoint.class).withName(INSTANCES)
                .withSecondaryToPrimaryMapper(mi -> context.getPrimaryCache().list(ep -> EndpointTargets.targets(ep, mi))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        var clusters = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(VirtualCluster.class, Endpoint.class).withName(CLUSTERS)
                .withSecondaryToPrimaryMapper(vc -> endpointsOfCluster(context, instances,
                        vc.getMetadata().getNamespace(), vc.getMetadata().getName(), null))
                .build(), context);
        var gatewaySlices = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(EndpointSlice.class, Endpoint.class).withName(GATEWAY_SLICES)
                .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + GatewayNames.COMPONENT)
                .withSecondaryToPrimaryMapper(slice -> endpointsOfCluster(context, instances,
                        slice.getMetadata().getNamespace(), slice.getMetadata().getLabels().get(Labels.VIRTUAL_CLUSTER),
                        EndpointType.Private))
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
        if (statusWriter.leaveAlone(endpoint)) {
            return UpdateControl.noUpdate();
        }
        var status = new EndpointStatusAggregator(endpoint, clock);
        String miNamespace = EndpointTargets.instanceNamespace(endpoint);
        String miName = EndpointTargets.instanceName(endpoint);
        EndpointType type = endpoint.getSpec().getType();
        String invalid = validate(endpoint, miNamespace, miName);
        if (invalid != null) {
            status.invalid("InvalidEndpoint", invalid);
            return finish(endpoint, status.build());
        }
        ManagedInstance mi = Controllers.informer(context, ManagedInstance.class, INSTANCES).get(new ResourceID(miName, miNamespace)).orElse(null);
        VirtualCluster vc = mi == null ? null : Controllers.informer(context, VirtualCluster.class, CLUSTERS)
                .get(new ResourceID(mi.getSpec().getVirtualCluster(), miNamespace)).orElse(null);
        if (mi == null) {
            status.instanceMissing(miNamespace, miName);
        } else if (vc == null || !EndpointStatusAggregator.instanceServes(mi)) {
            status.instanceNotReady(mi, "it has no host name yet (state " + (mi.getStatus() == null ? "new" : mi.getStatus().getState()) + ").");
        } else {
            String zone = mi.getStatus().getDnsZone();
            switch (type) {
                case VNetLocal -> status.instance(mi, HostNames.vnetLocal(miName, zone, config.dnsSuffix()), Ports.TDS,
                        InstanceSettings.connectionType(mi.getSpec())).gatewayService(vc);
                case Public -> status.instance(mi, HostNames.publicEndpoint(miName, zone, config.dnsSuffix()),
                        Ports.PUBLIC_ENDPOINT, ConnectionType.Proxy).publicTraffic(vc);
                case Private -> status.instance(mi, HostNames.privateEndpoint(miName, zone, config.dnsSuffix()), Ports.TDS,
                        ConnectionType.Proxy);
            }
            context.managedWorkflowAndDependentResourceContext().put(EndpointModel.class, new EndpointModel(endpoint, mi, vc,
                    gatewayAddresses(context, vc), config.publicEndpoint().serviceType()));
        }
        if (type != EndpointType.VNetLocal) {
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
            // A private endpoint keeps its Service, and reports its address, even while its instance is away.
            if ((mi != null && vc != null) || type == EndpointType.Private) {
                status.service(context.getSecondaryResource(Service.class, SERVICE).orElse(null));
            }
        }
        return finish(endpoint, status.build());
    }

    /** What admission cannot see because it involves other objects. */
    private static String validate(Endpoint endpoint, String miNamespace, String miName) {
        String namespace = endpoint.getMetadata().getNamespace();
        switch (endpoint.getSpec().getType()) {
            case VNetLocal -> {
                var labels = endpoint.getMetadata().getLabels();
                boolean operatorMade = labels != null && Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
                        && miName.equals(labels.get(Labels.MANAGED_INSTANCE)) && namespace.equals(miNamespace);
                if (!operatorMade) {
                    return "VNet-local endpoints are made by the operator, one per instance (" + miName + "-vnet-local in "
                            + miNamespace + "): delete this Endpoint and use that one, or create a Public or Private endpoint.";
                }
            }
            case Public -> {
                if (!namespace.equals(miNamespace)) {
                    return "a public endpoint lives in its instance's namespace (" + miNamespace
                            + "), where the gateway runs: create it there.";
                }
            }
            case Private -> {
                if (namespace.equals(miNamespace)) {
                    return "a private endpoint gives an address in another virtual network: create it in a namespace of that"
                            + " network (labelled sqlmi.io/virtual-network), not in the instance's subnet " + miNamespace + ".";
                }
            }
        }
        return null;
    }

    private static List<String> gatewayAddresses(Context<Endpoint> context, VirtualCluster vc) {
        String service = GatewayNames.gateway(vc);
        return Controllers.informer(context, EndpointSlice.class, GATEWAY_SLICES).list(vc.getMetadata().getNamespace(),
                        slice -> service.equals(slice.getMetadata().getLabels().get("kubernetes.io/service-name")))
                .flatMap(slice -> slice.getEndpoints() == null ? java.util.stream.Stream.empty() : slice.getEndpoints().stream())
                .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
                .flatMap(e -> e.getAddresses().stream()).distinct().sorted().toList();
    }

    private UpdateControl<Endpoint> finish(Endpoint endpoint, EndpointStatus next) {
        return statusWriter.write(endpoint, next, Endpoint::new, EndpointStatus::getState, EndpointStatus::getConditions);
    }

    @Override
    public ErrorStatusUpdateControl<Endpoint> updateErrorStatus(Endpoint resource, Context<Endpoint> context, Exception e) {
        if (Controllers.nothingToRetry(e)) {
            return ErrorStatusUpdateControl.<Endpoint>noStatusUpdate().withNoRetry();
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

}
