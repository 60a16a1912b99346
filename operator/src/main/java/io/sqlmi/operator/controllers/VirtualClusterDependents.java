package io.sqlmi.operator.controllers;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.virtualcluster.VirtualClusterModel;

final class VirtualClusterDependents {

    private VirtualClusterDependents() {
    }

    static VirtualClusterModel model(Context<VirtualCluster> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(VirtualClusterModel.class, VirtualClusterModel.class);
    }
}
