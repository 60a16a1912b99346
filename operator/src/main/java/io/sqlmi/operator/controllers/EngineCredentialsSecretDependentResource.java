package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;

/** The engine's sa password: generated once and never changed (its labels and owner may be). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + InstanceSecretsBuilder.CREDENTIALS_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class EngineCredentialsSecretDependentResource extends SqlMiDependentResource<Secret, ManagedInstance> {

    public EngineCredentialsSecretDependentResource() {
        super(Secret.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.engineCredentialsSecret(mi);
    }

    @Override
    protected Secret desired(ManagedInstance mi, Context<ManagedInstance> context) {
        Secret desired = InstanceSecretsBuilder.engineCredentials(mi);
        existing(mi).ifPresent(existing -> desired.setData(existing.getData()));
        return desired;
    }
}
