package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSettings;
import jakarta.inject.Inject;

/** A Business Critical instance's readable secondary Service; deleted when the instance moves to General Purpose. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + EngineServicesBuilder.SECONDARY_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class EngineSecondaryServiceDependentResource extends SqlMiDependentResource<Service, ManagedInstance> {

    @Inject
    OperatorConfig config;

    public EngineSecondaryServiceDependentResource() {
        super(Service.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.secondaryService(mi);
    }

    @Override
    protected Service desired(ManagedInstance mi, Context<ManagedInstance> context) {
        var model = ManagedInstanceDependents.model(context);
        return EngineServicesBuilder.secondary(mi, model.secondaryHost(), model.redirectPort(), config.engine().redirectListener());
    }

    /** Only tiers with readable secondaries have one. */
    public static class Wanted implements Condition<Service, ManagedInstance> {
        @Override
        public boolean isMet(DependentResource<Service, ManagedInstance> dependent, ManagedInstance mi,
                             Context<ManagedInstance> context) {
            return InstanceSettings.hasReadableSecondary(mi.getSpec());
        }
    }
}
