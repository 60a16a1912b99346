package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The subnet's security rules as NetworkPolicies: one per enforced rule. The spec of each is entirely the
 * operator's: any edit, including a narrowing of an empty selector or an added port, is undone by the next apply
 * (a policy's selectors and rule lists are atomic, so the apply replaces them whole); a deleted policy comes back;
 * one whose rule is gone is deleted.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + NetworkPolicyCompiler.COMPONENT,
        itemStore = LeanItemStores.OwnManagedFieldsOnly.class))
public class NetworkPolicyDependentResource extends SqlMiDependentResource<NetworkPolicy, VirtualCluster>
        implements BulkDependentResource<NetworkPolicy, VirtualCluster> {

    public NetworkPolicyDependentResource() {
        super(NetworkPolicy.class, Labels.VIRTUAL_CLUSTER);
    }

    @Override
    public Map<String, NetworkPolicy> desiredResources(VirtualCluster vc, Context<VirtualCluster> context) {
        Map<String, NetworkPolicy> desired = new LinkedHashMap<>();
        VirtualClusterDependents.model(context).networkPolicies()
                .forEach(policy -> desired.put(policy.getMetadata().getName(), policy));
        return desired;
    }

    @Override
    public Map<String, NetworkPolicy> getSecondaryResources(VirtualCluster vc, Context<VirtualCluster> context) {
        return context.getSecondaryResourcesAsStream(NetworkPolicy.class)
                .filter(p -> Objects.equals(p.getMetadata().getNamespace(), vc.getMetadata().getNamespace())
                        && vc.getMetadata().getName().equals(p.getMetadata().getLabels().get(Labels.VIRTUAL_CLUSTER)))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    }
}
