package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.gateway.GatewayNames;

/** The gateway's routing table, mounted into its pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + GatewayNames.ROUTES_COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class GatewayRoutesDependentResource extends SqlMiDependentResource<ConfigMap, VirtualCluster> {

    public GatewayRoutesDependentResource() {
        super(ConfigMap.class, Labels.VIRTUAL_CLUSTER);
    }

    @Override
    protected String childName(VirtualCluster vc) {
        return GatewayNames.routes(vc);
    }

    @Override
    protected ConfigMap desired(VirtualCluster vc, Context<VirtualCluster> context) {
        return GatewayBuilder.routes(vc, VirtualClusterDependents.model(context).routingTable());
    }
}
