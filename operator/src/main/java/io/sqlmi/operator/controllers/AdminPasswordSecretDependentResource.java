package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;

/**
 * The administrator's password when spec.administratorLoginPasswordSecretRef is absent: generated once, never
 * overwritten, and kept (not deleted) should the instance later point at a Secret of its own.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + InstanceSecretsBuilder.ADMIN_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class AdminPasswordSecretDependentResource extends SqlMiDependentResource<Secret, ManagedInstance> {

    public AdminPasswordSecretDependentResource() {
        super(Secret.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.generatedAdminSecret(mi);
    }

    @Override
    protected Secret desired(ManagedInstance mi, Context<ManagedInstance> context) {
        Secret desired = InstanceSecretsBuilder.generatedAdminPassword(mi, ManagedInstanceDependents.model(context).adminPassword());
        existing(mi).ifPresent(existing -> desired.setData(existing.getData()));
        return desired;
    }

    /** Generated for instances without a password Secret of their own; once generated, kept as it is. */
    public static class Wanted implements Condition<Secret, ManagedInstance> {
        @Override
        public boolean isMet(DependentResource<Secret, ManagedInstance> dependent, ManagedInstance mi,
                             Context<ManagedInstance> context) {
            return mi.getSpec().getAdministratorLoginPasswordSecretRef() == null
                    || ((AdminPasswordSecretDependentResource) dependent).existing(mi).isPresent();
        }
    }
}
