package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.endpoint.EndpointBuilder;
import io.sqlmi.operator.endpoint.EndpointModel;

/** Points a private endpoint's selector-less Service at the gateway pods of the instance's virtual cluster. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + EndpointBuilder.PRIVATE_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class PrivateEndpointSliceDependentResource extends SqlMiDependentResource<EndpointSlice, Endpoint> {

    public PrivateEndpointSliceDependentResource() {
        super(EndpointSlice.class, Labels.ENDPOINT);
    }

    @Override
    protected String childName(Endpoint endpoint) {
        return EndpointBuilder.serviceName(endpoint) + "-gateway";
    }

    @Override
    protected EndpointSlice desired(Endpoint endpoint, Context<Endpoint> context) {
        // Without its instance the endpoint is Disconnected: the Service stays, with nothing behind it.
        return EndpointBuilder.privateSlice(endpoint, EndpointDependents.model(context)
                .map(EndpointModel::gatewayAddresses).orElse(java.util.List.of()));
    }

    public static class Wanted implements Condition<EndpointSlice, Endpoint> {
        @Override
        public boolean isMet(DependentResource<EndpointSlice, Endpoint> dependent, Endpoint endpoint, Context<Endpoint> context) {
            return endpoint.getSpec().getType() == EndpointType.Private;
        }
    }
}
