package io.sqlmi.operator.controllers;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.endpoint.EndpointBuilder;

/** Every instance has exactly one VNet-local endpoint, {@code <mi>-vnet-local}, made and owned by the operator. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + EndpointBuilder.VNET_LOCAL_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class VNetLocalEndpointDependentResource extends SqlMiDependentResource<Endpoint, ManagedInstance> {

    public VNetLocalEndpointDependentResource() {
        super(Endpoint.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.vnetLocalEndpoint(mi);
    }

    @Override
    protected Endpoint desired(ManagedInstance mi, Context<ManagedInstance> context) {
        return EndpointBuilder.vnetLocal(mi);
    }
}
