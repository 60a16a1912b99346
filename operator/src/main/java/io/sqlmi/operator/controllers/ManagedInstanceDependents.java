package io.sqlmi.operator.controllers;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceModel;

/** How the dependents of a ManagedInstance get the facts the reconciler decided. */
final class ManagedInstanceDependents {

    private ManagedInstanceDependents() {
    }

    static InstanceModel model(Context<ManagedInstance> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(InstanceModel.class, InstanceModel.class);
    }
}
