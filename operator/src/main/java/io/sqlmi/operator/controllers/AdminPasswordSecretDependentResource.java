package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;

/** The administrator's password when spec.administratorLoginPasswordSecretRef is absent: generated, never overwritten. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + InstanceSecretsBuilder.ADMIN_COMPONENT))
public class AdminPasswordSecretDependentResource extends CreateOnlyDependentResource<Secret, ManagedInstance> {

    public AdminPasswordSecretDependentResource() {
        super(Secret.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected Secret desired(ManagedInstance mi, Context<ManagedInstance> context) {
        return InstanceSecretsBuilder.generatedAdminPassword(mi, ManagedInstanceDependents.model(context).adminPassword());
    }

    /** Only instances without their own password Secret get a generated one. */
    public static class Needed implements Condition<Secret, ManagedInstance> {
        @Override
        public boolean isMet(DependentResource<Secret, ManagedInstance> dependent, ManagedInstance mi,
                             Context<ManagedInstance> context) {
            return mi.getSpec().getAdministratorLoginPasswordSecretRef() == null;
        }
    }
}
