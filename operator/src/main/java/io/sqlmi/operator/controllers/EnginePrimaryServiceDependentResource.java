package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import jakarta.inject.Inject;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + EngineServicesBuilder.PRIMARY_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class EnginePrimaryServiceDependentResource extends SqlMiDependentResource<Service, ManagedInstance> {

    @Inject
    OperatorConfig config;

    public EnginePrimaryServiceDependentResource() {
        super(Service.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.primaryService(mi);
    }

    @Override
    protected Service desired(ManagedInstance mi, Context<ManagedInstance> context) {
        var model = ManagedInstanceDependents.model(context);
        return EngineServicesBuilder.primary(mi, model.primaryHost(), model.redirectPort(), config.engine().redirectListener());
    }
}
