package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceModel;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + InstanceSecretsBuilder.CONNECTION_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class ConnectionSecretDependentResource extends SqlMiDependentResource<Secret, ManagedInstance> {

    public ConnectionSecretDependentResource() {
        super(Secret.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.connectionSecret(mi);
    }

    @Override
    protected Secret desired(ManagedInstance mi, Context<ManagedInstance> context) {
        InstanceModel model = ManagedInstanceDependents.model(context);
        return InstanceSecretsBuilder.connection(mi, model.fqdn(), model.adminPassword());
    }
}
