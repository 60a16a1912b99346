package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimList;
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
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.certificates.ServerCertificates;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.crds.v1alpha1.SecretKeySelector;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.instance.AdminPassword;
import io.sqlmi.operator.instance.EngineContract;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import io.sqlmi.operator.instance.Hosting;
import io.sqlmi.operator.instance.InstanceFacts;
import io.sqlmi.operator.instance.InstanceModel;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;
import io.sqlmi.operator.instance.InstanceStatusAggregator;
import io.sqlmi.operator.instance.RedirectPorts;
import io.sqlmi.operator.instance.VolumeGrowth;
import io.sqlmi.operator.instance.WhatInstancesReadOfTheirCluster;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a ManagedInstance into its engine (StatefulSet, volumes, Services), its Secrets and its VNet-local
 * Endpoint. It gathers the facts ({@link InstanceFacts}), takes the children from {@link InstanceModel#desired} and
 * the status from {@link InstanceStatusAggregator#of}, and applies both; the decisions are theirs.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = ManagedInstanceReconciler.ENGINE_CREDENTIALS, type = EngineCredentialsSecretDependentResource.class),
        @Dependent(name = ManagedInstanceReconciler.ADMIN_PASSWORD, type = AdminPasswordSecretDependentResource.class,
                reconcilePrecondition = AdminPasswordSecretDependentResource.Wanted.class),
        @Dependent(name = "connection", type = ConnectionSecretDependentResource.class),
        @Dependent(name = ManagedInstanceReconciler.ENGINE_TLS, type = EngineTlsSecretDependentResource.class,
                reconcilePrecondition = EngineTlsSecretDependentResource.OperatorIssues.class),
        @Dependent(name = "engine-replicas", type = EngineHeadlessServiceDependentResource.class),
        @Dependent(name = ManagedInstanceReconciler.ENGINE_PRIMARY, type = EnginePrimaryServiceDependentResource.class),
        @Dependent(name = "engine-secondary", type = EngineSecondaryServiceDependentResource.class,
                reconcilePrecondition = EngineSecondaryServiceDependentResource.Wanted.class),
        @Dependent(name = ManagedInstanceReconciler.ENGINE, type = EngineStatefulSetDependentResource.class),
        @Dependent(name = "vnet-local-endpoint", type = VNetLocalEndpointDependentResource.class)})
@ControllerConfiguration(name = "managedinstance", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecLabelsAnnotationsOrDeletionChanged.class,
                itemStore = LeanItemStores.WithoutManagedFields.class))
public class ManagedInstanceReconciler implements Reconciler<ManagedInstance> {

    static final String ENGINE_CREDENTIALS = "engine-credentials";
    static final String ADMIN_PASSWORD = "admin-password";
    static final String ENGINE_PRIMARY = "engine-primary";
    static final String ENGINE = "engine";
    static final String ENGINE_TLS = "engine-tls";
    static final String VIRTUAL_CLUSTERS = "virtual-clusters";
    static final String ENDPOINTS = "all-endpoints";
    private static final Logger LOG = Logger.getLogger(ManagedInstanceReconciler.class);

    private final OperatorConfig config;
    private final RedirectPorts redirectPorts;
    private final CapacityPlanner planner;
    private final ReconcileGate gate;
    private final StatusPublisher statusPublisher;
    private final Clock clock = Clock.systemUTC();

    public ManagedInstanceReconciler(OperatorConfig config, RedirectPorts redirectPorts, ReconcileGate gate,
                                     StatusPublisher statusPublisher) {
        this.config = config;
        this.redirectPorts = redirectPorts;
        this.planner = new CapacityPlanner(config.capacity().vcoresPerNode());
        this.gate = gate;
        this.statusPublisher = statusPublisher;
    }

    @Override
    public List<EventSource<?, ManagedInstance>> prepareEventSources(EventSourceContext<ManagedInstance> context) {
        var virtualClusters = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(VirtualCluster.class, ManagedInstance.class).withName(VIRTUAL_CLUSTERS)
                // A cluster's status changes as its instances come and go; most of it is nothing its instances read.
                .withOnUpdateFilter(WhatInstancesReadOfTheirCluster::changes)
                .withSecondaryToPrimaryMapper(vc -> context.getPrimaryCache()
                        .list(vc.getMetadata().getNamespace(),
                                mi -> vc.getMetadata().getName().equals(mi.getSpec().getVirtualCluster()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withItemStore(new LeanItemStores.WithoutManagedFields<>())
                .build(), context);
        var endpoints = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Endpoint.class, ManagedInstance.class).withName(ENDPOINTS)
                .withSecondaryToPrimaryMapper(ep -> EndpointTargets.instanceName(ep) == null ? Set.of()
                        : Set.of(new ResourceID(EndpointTargets.instanceName(ep), EndpointTargets.instanceNamespace(ep))))
                .withItemStore(new LeanItemStores.WithoutManagedFields<>())
                .build(), context);
        return List.of(virtualClusters, endpoints);
    }

    @Override
    public UpdateControl<ManagedInstance> reconcile(ManagedInstance mi, Context<ManagedInstance> context) {
        if (gate.closedFor(mi)) {
            return UpdateControl.noUpdate();
        }
        InstanceFacts facts = facts(mi, context);
        Optional<InstanceModel> model = InstanceModel.desired(mi, facts);
        StatefulSet engine = null;
        if (model.isPresent()) {
            context.managedWorkflowAndDependentResourceContext().put(InstanceModel.class, model.get());
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
            engine = context.getSecondaryResource(StatefulSet.class, ENGINE).orElse(null);
            growVolumes(mi, engine, context);
        }
        ManagedInstanceStatus next = InstanceStatusAggregator.of(mi, facts, engine, clock);
        UpdateControl<ManagedInstance> control = statusPublisher.publish(mi, next, ManagedInstance::new,
                ManagedInstanceStatus::getState, ManagedInstanceStatus::getConditions);
        control = InstanceStatusAggregator.recheckAfter(mi, next).map(control::rescheduleAfter).orElse(control);
        // A quiet instance is still woken in time to renew its engine's certificate.
        return model.isEmpty() ? control : Controllers.recheckNoLaterThan(control, ServerCertificates.untilRenewal(
                context.getSecondaryResource(Secret.class, ENGINE_TLS).orElse(null), clock.instant()));
    }

    /**
     * Everything the decisions need, from the informer caches and the user's password Secret. The password and the
     * redirect port are asked for only once the subnet admits the instance: a port is reserved when asked for, and
     * a waiting instance holds none.
     */
    private InstanceFacts facts(ManagedInstance mi, Context<ManagedInstance> context) {
        String namespace = mi.getMetadata().getNamespace();
        VirtualCluster vc = Controllers.informer(context, VirtualCluster.class, VIRTUAL_CLUSTERS)
                .get(new ResourceID(mi.getSpec().getVirtualCluster(), namespace)).orElse(null);
        List<ManagedInstance> cluster = context.getPrimaryCache().list(namespace,
                other -> mi.getSpec().getVirtualCluster().equals(other.getSpec().getVirtualCluster())).toList();
        List<Endpoint> endpoints = Controllers.informer(context, Endpoint.class, ENDPOINTS)
                .list(e -> EndpointTargets.targets(e, mi)).toList();
        Hosting hosting = Hosting.of(mi, vc, cluster, planner, config.dnsSuffix());
        if (!(hosting instanceof Hosting.Admitted)) {
            return InstanceFacts.notAdmitted(hosting, endpoints);
        }
        Integer recordedPort = mi.getStatus() != null && mi.getStatus().getRedirectPort() != null
                ? mi.getStatus().getRedirectPort()
                : EngineServicesBuilder.redirectPortOf(context.getSecondaryResource(Service.class, ENGINE_PRIMARY).orElse(null));
        return new InstanceFacts(hosting, adminPassword(mi, context), redirectPorts.portFor(mi, recordedPort, cluster), endpoints);
    }

    /** The user's Secret when spec names one (it is not the operator's to watch: read directly), else the generated one. */
    private static AdminPassword adminPassword(ManagedInstance mi, Context<ManagedInstance> context) {
        SecretKeySelector ref = mi.getSpec().getAdministratorLoginPasswordSecretRef();
        if (ref != null) {
            String key = ref.getKey() == null ? EngineContract.PASSWORD_KEY : ref.getKey();
            Secret secret = context.getClient().secrets().inNamespace(mi.getMetadata().getNamespace()).withName(ref.getName()).get();
            return new AdminPassword(ref.getName(), key, secret == null ? null : SecretValues.read(secret, key));
        }
        String generated = context.getSecondaryResource(Secret.class, ADMIN_PASSWORD)
                .map(s -> SecretValues.read(s, EngineContract.PASSWORD_KEY))
                .orElseGet(InstanceSecretsBuilder::password);
        return new AdminPassword(InstanceNames.generatedAdminSecret(mi), EngineContract.PASSWORD_KEY, generated);
    }

    /** Applies a larger storageSizeInGB to the data claims themselves (see {@link VolumeGrowth}). */
    private static void growVolumes(ManagedInstance mi, StatefulSet engine, Context<ManagedInstance> context) {
        Optional<Quantity> target = VolumeGrowth.target(mi, engine);
        if (target.isEmpty()) {
            return;
        }
        MixedOperation<PersistentVolumeClaim, PersistentVolumeClaimList, Resource<PersistentVolumeClaim>> claims =
                context.getClient().persistentVolumeClaims();
        for (String name : VolumeGrowth.claims(mi)) {
            Resource<PersistentVolumeClaim> claim = claims.inNamespace(mi.getMetadata().getNamespace()).withName(name);
            if (VolumeGrowth.needsGrowth(claim.get(), target.get())) {
                LOG.infof("expanding volume %s/%s to %s", mi.getMetadata().getNamespace(), name, target.get());
                claim.edit(c -> VolumeGrowth.grown(c, target.get()));
            }
        }
    }

    @Override
    public ErrorStatusUpdateControl<ManagedInstance> updateErrorStatus(ManagedInstance resource, Context<ManagedInstance> context, Exception e) {
        return Controllers.errorHandling(e);
    }

}
