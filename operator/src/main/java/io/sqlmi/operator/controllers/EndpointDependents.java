package io.sqlmi.operator.controllers;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.endpoint.EndpointModel;
import java.util.Optional;

final class EndpointDependents {

    private EndpointDependents() {
    }

    static Optional<EndpointModel> model(Context<Endpoint> context) {
        return context.managedWorkflowAndDependentResourceContext().get(EndpointModel.class, EndpointModel.class);
    }
}
