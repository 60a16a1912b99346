package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.EngineStatefulSetBuilder;
import jakarta.inject.Inject;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + EngineStatefulSetBuilder.COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class EngineStatefulSetDependentResource extends SqlMiDependentResource<StatefulSet, ManagedInstance> {

    @Inject
    OperatorConfig config;

    public EngineStatefulSetDependentResource() {
        super(StatefulSet.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.statefulSet(mi);
    }

    @Override
    protected StatefulSet desired(ManagedInstance mi, Context<ManagedInstance> context) {
        // Claim templates cannot change once the StatefulSet exists; keep the ones it was created with.
        var existingClaims = existing(mi)
                .map(sts -> sts.getSpec().getVolumeClaimTemplates()).orElse(null);
        return EngineStatefulSetBuilder.build(ManagedInstanceDependents.model(context), config, existingClaims);
    }
}
