package io.sqlmi.operator.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.GatewayNames;
import java.util.List;
import java.util.Map;

/** Policies that are not NSG rules in Azure but platform behaviour the emulation needs. */
public final class PlatformPolicies {

    public static final String ORIGIN_PLATFORM = "Platform";

    private PlatformPolicies() {
    }

    /**
     * Platform DNS is always reachable in Azure (blocking AzurePlatformDNS "would render SQL Managed Instance
     * unavailable", seed: "Networking constraints"); here that is the cluster's DNS.
     */
    public static NetworkPolicy platformDns(VirtualCluster vc) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(vc.getMetadata().getName() + "-platform-dns-out")
                .withNamespace(vc.getMetadata().getNamespace()).withLabels(labels(vc, "platform-dns")).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
                .endNamespaceSelector().withNewPodSelector().addToMatchLabels("k8s-app", "kube-dns").endPodSelector().endTo()
                .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort()
                .endEgress().endSpec().build();
    }

    /**
     * Private endpoints live in other virtual networks; each one's namespace may reach the gateway's private
     * listener, and only that one: the VNet-local listener stays closed to them.
     */
    public static NetworkPolicy privateEndpointAccess(VirtualCluster vc, List<String> namespaces) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(vc.getMetadata().getName() + "-private-endpoints-in")
                .withNamespace(vc.getMetadata().getNamespace()).withLabels(labels(vc, "private-endpoints")).endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(Labels.selector(vc, GatewayNames.COMPONENT)).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom().withNewNamespaceSelector().addNewMatchExpression().withKey("kubernetes.io/metadata.name")
                .withOperator("In").withValues(namespaces.stream().sorted().distinct().toList()).endMatchExpression()
                .endNamespaceSelector().endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(Ports.PRIVATE_LISTENER)).endPort()
                .endIngress().endSpec().build();
    }

    private static Map<String, String> labels(VirtualCluster vc, String rule) {
        Map<String, String> labels = Labels.forChild(vc, NetworkPolicyCompiler.COMPONENT);
        labels.put(NetworkPolicyCompiler.ORIGIN_LABEL, ORIGIN_PLATFORM);
        labels.put(NetworkPolicyCompiler.RULE_LABEL, rule);
        return labels;
    }
}
