package io.sqlmi.operator.network;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.EffectiveSecurityRule;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the effective NSG rules of a subnet into NetworkPolicies in its namespace: one policy per Allow rule,
 * selecting every pod of the subnet. NetworkPolicies only allow, so Deny rules act by what they leave out: the
 * default DenyAll rules are the policies' implicit deny, and a user's Deny rule removes the peers it fully covers
 * from the Allow rules evaluated after it; one that covers all of an Allow rule's peers but only some of its ports
 * takes those ports out of it instead. Mandatory rules are never shadowed (the network intent policy keeps them in
 * force). Pure: builds objects, talks to no API.
 */
public final class NetworkPolicyCompiler {

    public static final String COMPONENT = "network-policy";
    public static final String ORIGIN_LABEL = "sqlmi.io/rule-origin";
    public static final String RULE_LABEL = "sqlmi.io/rule-name";
    public static final String RULE_ANNOTATION = "sqlmi.io/rule";
    public static final String PRIORITY_ANNOTATION = "sqlmi.io/rule-priority";
    public static final String AZURE_NAME_ANNOTATION = "sqlmi.io/azure-name";

    /**
     * The gateway's private listener belongs to the private endpoints' networks alone (PlatformPolicies): no NSG
     * rule opens it, so that the subnet's own VNet cannot reach an instance through a private endpoint of another
     * network (kube-proxy hands a private endpoint's traffic to the gateway pod, where only the port tells it apart).
     */
    private static final NsgRule PRIVATE_LISTENER_ONLY = new NsgRule("private-listener", RuleOrigin.Default, 0,
            Direction.Inbound, Access.Deny, Protocol.Tcp, List.of(NsgRule.ANY), List.of(NsgRule.ANY),
            List.of(Integer.toString(Ports.PRIVATE_LISTENER)));

    private final ServiceTags serviceTags;

    public NetworkPolicyCompiler(ServiceTags serviceTags) {
        this.serviceTags = serviceTags;
    }

    /** The policies, the status list of effective rules, and what could not be expressed. */
    public record Result(List<NetworkPolicy> policies, List<EffectiveSecurityRule> rules, List<String> problems) {
    }

    public Result compile(VirtualCluster vc, List<NsgRule> rules, List<String> virtualNetworks) {
        List<NetworkPolicy> policies = new ArrayList<>();
        List<EffectiveSecurityRule> effective = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, NsgRule> byPolicyName = new LinkedHashMap<>();
        for (NsgRule rule : rules) {
            String policyName = null;
            if (rule.access() == Access.Allow) {
                NetworkPolicy policy = compileAllow(vc, rule, rules, virtualNetworks, problems);
                if (policy != null) {
                    policyName = policy.getMetadata().getName();
                    NsgRule clash = byPolicyName.putIfAbsent(policyName, rule);
                    if (clash != null) {
                        problems.add("rules " + clash.name() + " and " + rule.name() + " map to one NetworkPolicy name; rename one");
                    } else {
                        policies.add(policy);
                    }
                }
            }
            effective.add(statusOf(rule, policyName));
        }
        return new Result(policies, effective, problems);
    }

    private NetworkPolicy compileAllow(VirtualCluster vc, NsgRule rule, List<NsgRule> all, List<String> vnets,
                                       List<String> problems) {
        if (rule.protocol() == Protocol.Icmp) {
            problems.add("rule " + rule.name() + ": NetworkPolicy cannot match ICMP; the rule is listed but not enforced");
            return null;
        }
        List<String> addresses = new ArrayList<>(rule.peers());
        List<String> excepts = new ArrayList<>();
        List<NsgRule> portCarves = new ArrayList<>();
        if (rule.origin() != RuleOrigin.Mandatory && rule.direction() == Direction.Inbound
                && overlaps(PRIVATE_LISTENER_ONLY, rule)) {
            portCarves.add(PRIVATE_LISTENER_ONLY);
        }
        if (rule.origin() != RuleOrigin.Mandatory) {
            for (NsgRule deny : all) {
                if (deny.access() != Access.Deny || deny.direction() != rule.direction()
                        || deny.priority() >= rule.priority() || deny.origin() != RuleOrigin.User) {
                    continue;
                }
                if (!covers(deny, rule)) {
                    if (overlaps(deny, rule) && coversEveryPeer(deny, rule)) {
                        portCarves.add(deny);
                    } else if (overlaps(deny, rule)) {
                        problems.add("rule " + deny.name() + " denies part of what " + rule.name()
                                + " allows; NetworkPolicy can only honour a Deny rule that covers the allowed ports"
                                + " and protocol entirely, so it is not applied to " + rule.name());
                    }
                    continue;
                }
                for (String denied : deny.peers()) {
                    boolean removed = addresses.removeIf(a -> NsgRule.ANY.equals(denied) || a.equals(denied)
                            || Cidrs.contains(denied, a));
                    if (!removed && Cidrs.isCidr(denied)) {
                        // A range inside what the rule allows (a CIDR or a tag's blocks): carved out below.
                        excepts.add(denied);
                    }
                }
            }
            if (addresses.isEmpty()) {
                return null;
            }
        }
        ServiceTags.Resolution resolution = serviceTags.resolve(addresses, vnets);
        resolution.unresolved().forEach(tag -> problems.add("rule " + rule.name() + ": service tag " + tag
                + " has no mapping; set sqlmi.service-tags." + tag + ".cidrs or .namespace-labels in the operator configuration"));
        if (!resolution.all() && resolution.peers().isEmpty()) {
            return null;
        }
        for (String except : excepts) {
            boolean carved = resolution.peers().stream().anyMatch(p -> p.getIpBlock() != null
                    && Cidrs.contains(p.getIpBlock().getCidr(), except) && !Cidrs.same(p.getIpBlock().getCidr(), except));
            // Namespace-based peers (the subnet, VirtualNetwork) are pods, not address ranges: a CIDR does not cut them.
            if (!carved && resolution.all()) {
                problems.add("a Deny rule for " + except + " cannot be carved out of what " + rule.name()
                        + " allows (\"*\"); NetworkPolicy has no deny, so " + except + " stays allowed by " + rule.name()
                        + ": allow Internet or explicit ranges instead of *");
            }
        }
        List<NetworkPolicyPeer> peers = resolution.peers().stream().map(p -> withExcepts(p, excepts)).toList();
        List<NetworkPolicyPort> ports = ports(rule, portCarves);
        if (ports == null) {
            return null;
        }
        NetworkPolicyBuilder builder = new NetworkPolicyBuilder()
                .withNewMetadata().withName(policyName(vc, rule)).withNamespace(vc.getMetadata().getNamespace())
                .withLabels(labels(vc, rule)).withAnnotations(annotations(vc, rule)).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().endSpec();
        if (rule.direction() == Direction.Inbound) {
            builder.editSpec().withPolicyTypes("Ingress").addNewIngress().withFrom(peers).withPorts(ports)
                    .endIngress().endSpec();
        } else {
            builder.editSpec().withPolicyTypes("Egress").addNewEgress().withTo(peers).withPorts(ports)
                    .endEgress().endSpec();
        }
        return builder.build();
    }

    private static NetworkPolicyPeer withExcepts(NetworkPolicyPeer peer, List<String> excepts) {
        IPBlock block = peer.getIpBlock();
        if (block == null || excepts.isEmpty()) {
            return peer;
        }
        List<String> merged = new ArrayList<>(block.getExcept() == null ? List.of() : block.getExcept());
        excepts.stream().filter(e -> Cidrs.contains(block.getCidr(), e) && !merged.contains(e)).forEach(merged::add);
        return new NetworkPolicyPeerBuilder(peer).editIpBlock().withExcept(merged).endIpBlock().build();
    }

    /** Port entries; "*" with any protocol means no port restriction at all. */
    static List<NetworkPolicyPort> ports(NsgRule rule) {
        return ports(rule, List.of());
    }

    /**
     * Port entries of an Allow rule less the ports of the Deny rules evaluated before it ({@code carves}), or
     * {@code null} when nothing is left. Once a port is carved out, "any protocol" becomes TCP and UDP: a policy
     * with ports cannot also allow ICMP, which NetworkPolicy cannot name.
     */
    static List<NetworkPolicyPort> ports(NsgRule rule, List<NsgRule> carves) {
        boolean allPorts = rule.ports().contains(NsgRule.ANY);
        if (allPorts && rule.protocol() == Protocol.Any && carves.isEmpty()) {
            return List.of();
        }
        List<Protocol> protocols = rule.protocol() == Protocol.Any ? List.of(Protocol.Tcp, Protocol.Udp)
                : List.of(rule.protocol());
        List<NetworkPolicyPort> ports = new ArrayList<>();
        for (Protocol protocol : protocols) {
            List<PortRange> ranges = rule.ports().stream().map(PortRange::parse).toList();
            for (NsgRule deny : carves) {
                if (deny.protocol() == Protocol.Any || deny.protocol() == protocol) {
                    ranges = PortRange.without(ranges, deny.ports().stream().map(PortRange::parse).toList());
                }
            }
            String name = protocol == Protocol.Tcp ? "TCP" : "UDP";
            for (PortRange r : ranges) {
                NetworkPolicyPortBuilder port = new NetworkPolicyPortBuilder().withProtocol(name);
                if (!r.equals(PortRange.ALL)) {
                    port.withPort(new IntOrString(r.first()));
                    if (r.last() != r.first()) {
                        port.withEndPort(r.last());
                    }
                }
                ports.add(port.build());
            }
        }
        return ports.isEmpty() ? null : ports;
    }

    /** Every peer of the Allow rule lies inside what the Deny rule names (so it applies to all of the rule's traffic). */
    private static boolean coversEveryPeer(NsgRule deny, NsgRule allow) {
        return allow.peers().stream().allMatch(a -> deny.peers().stream().anyMatch(d -> NsgRule.ANY.equals(d)
                || d.equals(a) || (Cidrs.isCidr(d) && Cidrs.isCidr(a) && Cidrs.contains(d, a))));
    }

    private static boolean covers(NsgRule deny, NsgRule allow) {
        boolean protocol = deny.protocol() == Protocol.Any || deny.protocol() == allow.protocol();
        return protocol && allow.ports().stream().allMatch(p -> deny.ports().stream()
                .anyMatch(d -> PortRange.parse(d).contains(PortRange.parse(p))));
    }

    private static boolean overlaps(NsgRule deny, NsgRule allow) {
        boolean protocol = deny.protocol() == Protocol.Any || allow.protocol() == Protocol.Any
                || deny.protocol() == allow.protocol();
        boolean ports = allow.ports().stream().anyMatch(p -> deny.ports().stream()
                .anyMatch(d -> PortRange.parse(d).overlaps(PortRange.parse(p))));
        boolean peers = deny.peers().stream().anyMatch(d -> NsgRule.ANY.equals(d) || allow.peers().contains(d)
                || allow.peers().stream().anyMatch(a -> Cidrs.contains(a, d) || Cidrs.contains(d, a)));
        return protocol && ports && peers;
    }

    /** {@code <vc>-<origin>-<rule>[-in|-out]}, lowercase, at most 63 characters. */
    public static String policyName(VirtualCluster vc, NsgRule rule) {
        String origin = switch (rule.origin()) {
            case Mandatory -> "mi";
            case Default -> "default";
            case User -> "user";
        };
        String slug = rule.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String direction = rule.direction() == Direction.Inbound ? "-in" : "-out";
        if (!slug.endsWith(direction)) {
            slug += direction;
        }
        return shorten(vc.getMetadata().getName() + "-" + origin + "-" + slug);
    }

    static String shorten(String name) {
        if (name.length() <= 63) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, 54) + "-" + HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> labels(VirtualCluster vc, NsgRule rule) {
        Map<String, String> labels = Labels.forChild(vc, COMPONENT);
        labels.put(ORIGIN_LABEL, rule.origin().name());
        labels.put(RULE_LABEL, labelValue(rule.name()));
        return labels;
    }

    /** A label value: at most 63 characters of [a-z0-9-_.], starting and ending with a letter or digit. */
    static String labelValue(String name) {
        String value = shorten(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-_.]", "-"));
        value = value.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        return value.isEmpty() ? "rule" : value;
    }

    private static Map<String, String> annotations(VirtualCluster vc, NsgRule rule) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(RULE_ANNOTATION, rule.name());
        annotations.put(PRIORITY_ANNOTATION, Integer.toString(rule.priority()));
        if (rule.origin() == RuleOrigin.Mandatory) {
            // Azure names the intent policy's items after the rule and the subnet range, '.' and '/' as '-'.
            String range = vc.getSpec().getSubnet().getAddressPrefix().replace('.', '-').replace('/', '-');
            annotations.put(AZURE_NAME_ANNOTATION, SecurityRuleTables.MANDATORY_NAME_PREFIX + rule.name() + "-" + range);
        }
        return annotations;
    }

    private static EffectiveSecurityRule statusOf(NsgRule rule, String policyName) {
        EffectiveSecurityRule status = new EffectiveSecurityRule();
        status.setName(rule.origin() == RuleOrigin.Mandatory ? SecurityRuleTables.MANDATORY_NAME_PREFIX + rule.name() : rule.name());
        status.setOrigin(rule.origin());
        status.setPriority(rule.priority());
        status.setDirection(rule.direction());
        status.setAccess(rule.access());
        status.setProtocol(rule.protocol());
        status.setSourceAddressPrefixes(rule.sources());
        status.setDestinationAddressPrefixes(rule.destinations());
        status.setDestinationPortRanges(rule.ports());
        status.setNetworkPolicy(policyName);
        return status;
    }
}
