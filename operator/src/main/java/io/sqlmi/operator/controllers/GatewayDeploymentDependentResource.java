package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.GatewayBuilder;
import io.sqlmi.operator.gateway.GatewayNames;
import jakarta.inject.Inject;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + GatewayNames.COMPONENT))
public class GatewayDeploymentDependentResource extends SqlMiDependentResource<Deployment, VirtualCluster> {

    @Inject
    OperatorConfig config;

    public GatewayDeploymentDependentResource() {
        super(Deployment.class, Labels.VIRTUAL_CLUSTER);
    }

    @Override
    protected String childName(VirtualCluster vc) {
        return GatewayNames.gateway(vc);
    }

    @Override
    protected Deployment desired(VirtualCluster vc, Context<VirtualCluster> context) {
        return GatewayBuilder.deployment(vc, VirtualClusterDependents.model(context).gatewayReplicas(), config.gateway(),
                config.certificates());
    }
}
