package io.sqlmi.operator.network;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.sqlmi.operator.config.OperatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves the addresses of NSG rules into NetworkPolicy peers: the subnet is the namespace's own pods, the
 * VirtualNetwork tag is every namespace labelled with the VNet (or a peered one), other tags come from the
 * operator's configuration (ranges, namespace labels, and for Internet every namespace outside the VNet and its
 * peers), CIDRs are ipBlocks. An address it cannot resolve yields no peer (and a message).
 */
public final class ServiceTags {

    /** Namespaces inside a virtual network carry this label (api.md, "How Azure maps onto Kubernetes"). */
    public static final String VIRTUAL_NETWORK_LABEL = "sqlmi.io/virtual-network";

    private static final Pattern CIDR = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?$");

    private final Map<String, OperatorConfig.ServiceTag> tags;

    public ServiceTags(Map<String, OperatorConfig.ServiceTag> tags) {
        this.tags = tags;
    }

    /** What the peers of a rule's far side resolve to; {@code all} means "no restriction" (address *). */
    public record Resolution(boolean all, List<NetworkPolicyPeer> peers, List<String> unresolved) {
    }

    public Resolution resolve(List<String> addresses, List<String> virtualNetworks) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (String address : addresses) {
            if (NsgRule.ANY.equals(address)) {
                return new Resolution(true, List.of(), List.of());
            }
            if (NsgRule.SUBNET.equals(address)) {
                peers.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
            } else if (NsgRule.VIRTUAL_NETWORK.equals(address)) {
                peers.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
                peers.add(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                        .addNewMatchExpression().withKey(VIRTUAL_NETWORK_LABEL).withOperator("In")
                        .withValues(virtualNetworks).endMatchExpression().build()).build());
            } else if (CIDR.matcher(address).matches()) {
                String cidr = address.contains("/") ? address : address + "/32";
                peers.add(new NetworkPolicyPeerBuilder().withIpBlock(new IPBlockBuilder().withCidr(cidr).build()).build());
            } else {
                OperatorConfig.ServiceTag tag = tags.get(address);
                if (tag == null) {
                    unresolved.add(address);
                    continue;
                }
                List<String> except = tag.except().orElse(List.of()).stream().map(c -> c.contains("/") ? c : c + "/32").toList();
                tag.cidrs().orElse(List.of()).stream().map(c -> c.contains("/") ? c : c + "/32").forEach(cidr -> peers.add(new NetworkPolicyPeerBuilder()
                        .withIpBlock(new IPBlockBuilder().withCidr(cidr).withExcept(exceptWithin(cidr, except)).build())
                        .build()));
                Map<String, String> labels = tag.namespaceLabels();
                if (!labels.isEmpty()) {
                    peers.add(new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                            .withMatchLabels(new java.util.TreeMap<>(labels)).endNamespaceSelector().build());
                }
                if (tag.outsideVirtualNetworks()) {
                    peers.add(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                            .addNewMatchExpression().withKey(VIRTUAL_NETWORK_LABEL).withOperator("NotIn")
                            .withValues(virtualNetworks).endMatchExpression().build()).build());
                }
                if (tag.cidrs().orElse(List.of()).isEmpty() && labels.isEmpty() && !tag.outsideVirtualNetworks()) {
                    unresolved.add(address);
                }
            }
        }
        return new Resolution(false, peers, unresolved);
    }

    /** ipBlock.except must lie inside the block, or the API server refuses the policy. */
    private static List<String> exceptWithin(String cidr, List<String> except) {
        return except.stream().filter(e -> Cidrs.contains(cidr, e) && !Cidrs.same(cidr, e)).toList();
    }
}
