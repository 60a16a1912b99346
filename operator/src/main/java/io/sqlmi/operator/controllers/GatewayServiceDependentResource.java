package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.gateway.GatewayNames;

/** The virtual cluster's internal load balancer: the address every VNet-local host name resolves to. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + GatewayNames.COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class GatewayServiceDependentResource extends SqlMiDependentResource<Service, VirtualCluster> {

    public GatewayServiceDependentResource() {
        super(Service.class, Labels.VIRTUAL_CLUSTER);
    }

    @Override
    protected String childName(VirtualCluster vc) {
        return GatewayNames.gateway(vc);
    }

    @Override
    protected Service desired(VirtualCluster vc, Context<VirtualCluster> context) {
        return GatewayBuilder.service(vc);
    }

    /** Kubernetes refuses to change a LoadBalancer's class: a Service created before it had one is created anew. */
    @Override
    protected boolean mustRecreate(Service actual, Service desired) {
        return LoadBalancerAddresses.mustRecreate(actual, desired);
    }
}
