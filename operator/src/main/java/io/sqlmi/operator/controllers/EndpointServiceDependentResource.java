package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.endpoint.EndpointBuilder;
import io.sqlmi.operator.endpoint.EndpointModel;

/** The Service of a public endpoint (3342, in front of the gateway) or a private one (1433, in its own namespace). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + " in (" + EndpointBuilder.PUBLIC_COMPONENT + "," + EndpointBuilder.PRIVATE_COMPONENT + ")",
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class EndpointServiceDependentResource extends SqlMiDependentResource<Service, Endpoint> {

    public EndpointServiceDependentResource() {
        super(Service.class, Labels.ENDPOINT);
    }

    @Override
    protected String childName(Endpoint endpoint) {
        return EndpointBuilder.serviceName(endpoint);
    }

    @Override
    protected Service desired(Endpoint endpoint, Context<Endpoint> context) {
        if (endpoint.getSpec().getType() == EndpointType.Private) {
            return EndpointBuilder.privateService(endpoint);
        }
        EndpointModel model = EndpointDependents.model(context).orElseThrow();
        return EndpointBuilder.publicService(endpoint, model.virtualCluster());
    }

    /** Kubernetes refuses to change a LoadBalancer's class: a Service created before it had one is created anew. */
    @Override
    protected boolean mustRecreate(Service actual, Service desired) {
        return LoadBalancerAddresses.mustRecreate(actual, desired);
    }

    /**
     * A private endpoint keeps its Service, and so its fixed address, even while its instance is away; a public one
     * needs the instance's virtual cluster to pick the gateway. VNet-local endpoints use the gateway's own Service.
     */
    public static class Wanted implements Condition<Service, Endpoint> {
        @Override
        public boolean isMet(DependentResource<Service, Endpoint> dependent, Endpoint endpoint, Context<Endpoint> context) {
            return endpoint.getSpec().getType() == EndpointType.Private
                    || (endpoint.getSpec().getType() == EndpointType.Public && EndpointDependents.model(context).isPresent());
        }
    }
}
