package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import io.sqlmi.operator.instance.Admission;
import io.sqlmi.operator.instance.Placement;
import io.sqlmi.operator.instance.VmGroups;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.crds.v1alpha1.SecretKeySelector;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.instance.EngineContract;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import io.sqlmi.operator.instance.InstanceModel;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;
import io.sqlmi.operator.instance.InstanceSettings;
import io.sqlmi.operator.instance.InstanceStatusAggregator;
import io.sqlmi.operator.instance.RedirectPorts;
import io.sqlmi.operator.virtualcluster.VirtualClusterStatusAggregator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a ManagedInstance into its engine (StatefulSet, volumes, Services), its Secrets and its VNet-local
 * Endpoint. It decides the facts (zone, redirect port, password), lets the dependents compare and apply, and
 * writes status only when it changed.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = ManagedInstanceReconciler.ENGINE_CREDENTIALS, type = EngineCredentialsSecretDependentResource.class),
        @Dependent(name = ManagedInstanceReconciler.ADMIN_PASSWORD, type = AdminPasswordSecretDependentResource.class,
                reconcilePrecondition = AdminPasswordSecretDependentResource.Wanted.class),
        @Dependent(name = "connection", type = ConnectionSecretDependentResource.class),
        @Dependent(name = "engine-replicas", type = EngineHeadlessServiceDependentResource.class),
        @Dependent(name = ManagedInstanceReconciler.ENGINE_PRIMARY, type = EnginePrimaryServiceDependentResource.class),
        @Dependent(name = ManagedInstanceReconciler.ENGINE, type = EngineStatefulSetDependentResource.class),
        @Dependent(name = "vnet-local-endpoint", type = VNetLocalEndpointDependentResource.class)})
@ControllerConfiguration(name = "managedinstance", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrAnnotationsChanged.class))
public class ManagedInstanceReconciler implements Reconciler<ManagedInstance> {

    static final String ENGINE_CREDENTIALS = "engine-credentials";
    static final String ADMIN_PASSWORD = "admin-password";
    static final String ENGINE_PRIMARY = "engine-primary";
    static final String ENGINE = "engine";
    static final String VIRTUAL_CLUSTERS = "virtual-clusters";
    static final String ENDPOINTS = "all-endpoints";
    private static final Logger LOG = Logger.getLogger(ManagedInstanceReconciler.class);

    private final OperatorConfig config;
    private final RedirectPorts redirectPorts;
    private final CapacityPlanner planner;
    private final StatusWriter statusWriter;
    private final Clock clock = Clock.systemUTC();

    public ManagedInstanceReconciler(OperatorConfig config, RedirectPorts redirectPorts, StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
        this.config = config;
        this.redirectPorts = redirectPorts;
        this.planner = new CapacityPlanner(config.capacity().vcoresPerNode());
    }

    @Override
    public List<EventSource<?, ManagedInstance>> prepareEventSources(EventSourceContext<ManagedInstance> context) {
        var virtualClusters = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(VirtualCluster.class, ManagedInstance.class).withName(VIRTUAL_CLUSTERS)
                .withSecondaryToPrimaryMapper(vc -> context.getPrimaryCache()
                        .list(vc.getMetadata().getNamespace(),
                                mi -> vc.getMetadata().getName().equals(mi.getSpec().getVirtualCluster()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        var endpoints = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Endpoint.class, ManagedInstance.class).withName(ENDPOINTS)
                .withSecondaryToPrimaryMapper(ep -> EndpointTargets.instanceName(ep) == null ? Set.of()
                        : Set.of(new ResourceID(EndpointTargets.instanceName(ep), EndpointTargets.instanceNamespace(ep))))
                .build(), context);
        return List.of(virtualClusters, endpoints);
    }

    @Override
    public UpdateControl<ManagedInstance> reconcile(ManagedInstance mi, Context<ManagedInstance> context) {
        if (statusWriter.leaveAlone(mi)) {
            return UpdateControl.noUpdate();
        }
        String namespace = mi.getMetadata().getNamespace();
        var status = new InstanceStatusAggregator(mi, clock);
        VirtualCluster vc = Controllers.informer(context, VirtualCluster.class, VIRTUAL_CLUSTERS)
                .get(new ResourceID(mi.getSpec().getVirtualCluster(), namespace)).orElse(null);
        String notServing = vc == null ? null : VirtualClusterStatusAggregator.whyNotHosting(vc);
        if (vc == null) {
            status.virtualClusterMissing(mi.getSpec().getVirtualCluster());
        } else if (notServing != null) {
            status.virtualClusterNotServing(vc, notServing);
        } else {
            String zone = vc.getStatus().getDnsZone();
            String fqdn = HostNames.vnetLocal(mi.getMetadata().getName(), zone, config.dnsSuffix());
            status.virtualClusterReady(vc, zone, fqdn);
            reconcileChildren(mi, vc, fqdn, status, context);
        }
        status.endpoints(Controllers.informer(context, Endpoint.class, ENDPOINTS)
                .list(e -> EndpointTargets.targets(e, mi)).toList());
        return finish(mi, status.build());
    }

    private void reconcileChildren(ManagedInstance mi, VirtualCluster vc, String fqdn,
                                   InstanceStatusAggregator status, Context<ManagedInstance> context) {
        List<ManagedInstance> siblings = context.getPrimaryCache().list(mi.getMetadata().getNamespace(),
                other -> mi.getSpec().getVirtualCluster().equals(other.getSpec().getVirtualCluster())).toList();
        // The same plan the virtual cluster makes: admission by addresses, first come, first served.
        CapacityPlan plan = planner.plan(vc.getSpec().getSubnet().getAddressPrefix(), siblings.stream()
                .map(other -> InstanceDemand.of(other, Admission.holdsAddresses(other))).toList());
        CapacityPlan.Refusal refusal = plan.refused().get(mi.getMetadata().getName());
        if (refusal != null) {
            status.addressSpaceExhausted(vc, plan, refusal);
            return;
        }
        status.addressSpaceAvailable(plan).nodes(vc).gateway(vc);
        Optional<AdminPassword> password = adminPassword(mi, context, status);
        Integer recordedPort = mi.getStatus() != null && mi.getStatus().getRedirectPort() != null
                ? mi.getStatus().getRedirectPort()
                : EngineServicesBuilder.redirectPortOf(context.getSecondaryResource(Service.class, ENGINE_PRIMARY).orElse(null));
        OptionalInt port = redirectPorts.portFor(mi, recordedPort, siblings);
        status.redirectPort(port.isPresent() ? port.getAsInt() : null);
        if (password.isEmpty() || port.isEmpty()) {
            return;
        }
        boolean pool = vc.getStatus() != null && VirtualClusterSizer.NODE_POOL.equals(vc.getStatus().getPlacement());
        var placement = pool ? new Placement(NodePool.clusterId(vc), VmGroups.nameOf(mi.getSpec())) : null;
        var model = new InstanceModel(mi, fqdn, port.getAsInt(),
                password.get().secret(), password.get().key(), password.get().value(), placement);
        context.managedWorkflowAndDependentResourceContext().put(InstanceModel.class, model);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        StatefulSet engine = context.getSecondaryResource(StatefulSet.class, ENGINE).orElse(null);
        expandVolumes(mi, engine, context);
        status.children(InstanceNames.connectionSecret(mi)).engine(engine);
    }

    /**
     * A StatefulSet keeps the claim size it was created with; a larger storageSizeInGB is applied to the volumes
     * themselves (the StorageClass must allow expansion). Only growth: admission refuses shrinking.
     */
    private static void expandVolumes(ManagedInstance mi, StatefulSet engine, Context<ManagedInstance> context) {
        if (engine == null || engine.getSpec().getVolumeClaimTemplates().isEmpty()) {
            return;
        }
        Quantity wanted = new Quantity(mi.getSpec().getStorageSizeInGB() + "Gi");
        Quantity templated = engine.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage");
        if (templated == null || Quantity.getAmountInBytes(templated).compareTo(Quantity.getAmountInBytes(wanted)) >= 0) {
            return;
        }
        for (int ordinal = 0; ordinal < InstanceSettings.replicas(mi.getSpec()); ordinal++) {
            String claim = InstanceNames.DATA_VOLUME + "-" + InstanceNames.pod(mi, ordinal);
            var pvc = context.getClient().persistentVolumeClaims().inNamespace(mi.getMetadata().getNamespace()).withName(claim).get();
            Quantity requested = pvc == null ? null : pvc.getSpec().getResources().getRequests().get("storage");
            if (requested != null && Quantity.getAmountInBytes(requested).compareTo(Quantity.getAmountInBytes(wanted)) < 0) {
                LOG.infof("expanding volume %s/%s to %s", mi.getMetadata().getNamespace(), claim, wanted);
                context.getClient().persistentVolumeClaims().inNamespace(mi.getMetadata().getNamespace()).withName(claim)
                        .edit(c -> {
                            c.getSpec().getResources().getRequests().put("storage", wanted);
                            return c;
                        });
            }
        }
    }

    private record AdminPassword(String secret, String key, String value) {
    }

    private Optional<AdminPassword> adminPassword(ManagedInstance mi, Context<ManagedInstance> context,
                                                  InstanceStatusAggregator status) {
        SecretKeySelector ref = mi.getSpec().getAdministratorLoginPasswordSecretRef();
        if (ref != null) {
            String key = ref.getKey() == null ? EngineContract.PASSWORD_KEY : ref.getKey();
            // The user's Secret is not the operator's to watch; it is read when the instance is reconciled.
            Secret secret = context.getClient().secrets().inNamespace(mi.getMetadata().getNamespace())
                    .withName(ref.getName()).get();
            String value = secret == null ? null : SecretValues.read(secret, key);
            if (value == null) {
                status.adminPasswordMissing(ref.getName(), key);
                return Optional.empty();
            }
            status.adminPasswordAvailable(ref.getName());
            return Optional.of(new AdminPassword(ref.getName(), key, value));
        }
        String generated = context.getSecondaryResource(Secret.class, ADMIN_PASSWORD)
                .map(s -> SecretValues.read(s, EngineContract.PASSWORD_KEY))
                .orElseGet(InstanceSecretsBuilder::password);
        status.adminPasswordAvailable(InstanceNames.generatedAdminSecret(mi));
        return Optional.of(new AdminPassword(InstanceNames.generatedAdminSecret(mi), EngineContract.PASSWORD_KEY, generated));
    }

    private UpdateControl<ManagedInstance> finish(ManagedInstance mi, ManagedInstanceStatus next) {
        return waitIfUserInputMissing(statusWriter.write(mi, next, ManagedInstance::new, ManagedInstanceStatus::getState, ManagedInstanceStatus::getConditions), next);
    }

    /** The user's password Secret is not watched: look again later while it is missing. */
    private static UpdateControl<ManagedInstance> waitIfUserInputMissing(UpdateControl<ManagedInstance> control,
                                                                         ManagedInstanceStatus status) {
        boolean waitingForSecret = status.getConditions().stream().anyMatch(c ->
                InstanceStatusAggregator.ADMIN_PASSWORD_AVAILABLE.equals(c.getType()) && "False".equals(c.getStatus()));
        return waitingForSecret ? control.rescheduleAfter(Duration.ofSeconds(15)) : control;
    }

    @Override
    public ErrorStatusUpdateControl<ManagedInstance> updateErrorStatus(ManagedInstance resource, Context<ManagedInstance> context, Exception e) {
        if (Controllers.nothingToRetry(e)) {
            return ErrorStatusUpdateControl.<ManagedInstance>noStatusUpdate().withNoRetry();
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

}
