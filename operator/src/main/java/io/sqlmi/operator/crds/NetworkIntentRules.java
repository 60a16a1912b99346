package io.sqlmi.operator.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.Route.NextHopType;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import io.sqlmi.operator.network.NsgRule;
import io.sqlmi.operator.network.RouteTables;
import io.sqlmi.operator.network.RouteTables.MandatoryRoute;
import io.sqlmi.operator.network.SecurityRuleTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The network intent policy's refusals, as CEL rules on a VirtualCluster's spec, written from the same tables the
 * operator enforces ({@link SecurityRuleTables#MANDATORY}, {@link RouteTables#MANDATORY}). Azure checks every change of
 * an NSG or route table against the effective rules and routes and "raises an error and rejects the change" when
 * the instance's requirements would break (azure-sql-mi-facts.md section 11). Here that is:
 * <ul>
 * <li>a user Deny rule that the NSG evaluates before a mandatory rule (a priority number no higher than the
 * mandatory rule's, same direction) and that matches part of its traffic: protocol, ports, the far side (a service
 * tag, a tag that contains it, "*", or an address range overlapping the subnet or the load balancer's address) and
 * the near side (the subnet: "*", VirtualNetwork or a range overlapping it). One rule per mandatory rule, so that
 * the message names it;</li>
 * <li>a user route that overrides a mandatory route: the same service tag to another next hop (what
 * {@code EffectiveRoutes} reports as RoutesValid=False), or the subnet or any part of it (a longer prefix wins)
 * to another next hop than VnetLocal.</li>
 * </ul>
 * CRD rules have no bindings (cel.bind) and the cost estimator cannot bound strings built from filtered lists, so the
 * expressions are spelt out per mandatory item and messages are built with format(). Pure; runs at build time from
 * {@link CrdFinisher}.
 */
public final class NetworkIntentRules {

    /** Azure's virtual public address of the load balancer's health probes (service tag AzureLoadBalancer). */
    static final String AZURE_LOAD_BALANCER_ADDRESS = "168.63.129.16";

    private static final String RULES = "self.networkSecurityGroup.securityRules";
    private static final String ROUTES = "self.routeTable.routes";
    private static final String SUBNET = "self.subnet.addressPrefix";

    private NetworkIntentRules() {
    }

    /** Every rule, in a fixed order: security rules of each architecture, then routes. */
    public static List<ValidationRule> all() {
        List<ValidationRule> rules = new ArrayList<>();
        for (Architecture architecture : Architecture.values()) {
            SecurityRuleTables.MANDATORY.get(architecture).forEach(m -> rules.add(denyMayNotCut(architecture, m)));
        }
        for (Architecture architecture : Architecture.values()) {
            rules.addAll(routesMayNotOverride(architecture));
        }
        return rules;
    }

    // ---- security rules ----

    static ValidationRule denyMayNotCut(Architecture architecture, NsgRule mandatory) {
        String cuts = cuts(mandatory);
        String first = RULES + ".filter(r, r.access == 'Deny' && " + cuts + ")[0]";
        int highest = SecurityRuleTables.MANDATORY.get(architecture).stream()
                .filter(m -> m.direction() == mandatory.direction()).mapToInt(NsgRule::priority).max().orElseThrow();
        boolean subnetPeer = NsgRule.SUBNET.equals(mandatory.peers().get(0));
        String message = "security rule %s (Deny, " + mandatory.direction() + ", priority %d) would cut the mandatory rule "
                + SecurityRuleTables.MANDATORY_NAME_PREFIX + mandatory.name() + " (" + mandatory.direction() + ", priority "
                + mandatory.priority() + ": " + traffic(mandatory) + "). The network intent policy keeps the management"
                + " traffic of SQL Managed Instance flowing, so no Deny rule may come before a mandatory rule whose traffic"
                + " it overlaps: give the rule a priority above " + highest + ", or narrow its addresses, ports or protocol"
                + " so that it leaves this traffic alone";
        String arguments = first + ".name, " + first + ".priority" + (subnetPeer ? ", " + SUBNET : "");
        return new ValidationRuleBuilder()
                .withRule(notIn(architecture) + " || !has(self.networkSecurityGroup) || !has(" + RULES + ") || !isCIDR("
                        + SUBNET + ") || " + RULES + ".all(r, r.access != 'Deny' || !" + cuts + ")")
                .withMessageExpression(quote(message) + ".format([" + arguments + "])")
                .build();
    }

    /** Whether rule {@code r} (a user rule) matches part of the mandatory rule's traffic and is evaluated first. */
    static String cuts(NsgRule mandatory) {
        boolean inbound = mandatory.direction() == Direction.Inbound;
        StringBuilder cel = new StringBuilder("(r.direction == '").append(mandatory.direction())
                .append("' && r.priority <= ").append(mandatory.priority());
        if (mandatory.protocol() != Protocol.Any) {
            cel.append(" && (r.protocol == '*' || r.protocol == '").append(mandatory.protocol()).append("')");
        }
        if (!mandatory.ports().contains(NsgRule.ANY)) {
            cel.append(" && ").append(addresses("destinationPortRange", "destinationPortRanges")).append(".exists(p, p == '*' || ")
                    .append(mandatory.ports().stream().map(NetworkIntentRules::portIn).collect(Collectors.joining(" || ")))
                    .append(")");
        }
        String far = inbound ? addresses("sourceAddressPrefix", "sourceAddressPrefixes")
                : addresses("destinationAddressPrefix", "destinationAddressPrefixes");
        String near = inbound ? addresses("destinationAddressPrefix", "destinationAddressPrefixes")
                : addresses("sourceAddressPrefix", "sourceAddressPrefixes");
        cel.append(" && ").append(far).append(".exists(a, ").append(covers(mandatory.peers().get(0))).append(")");
        cel.append(" && ").append(near).append(".exists(a, ").append(covers(NsgRule.SUBNET)).append("))");
        return cel.toString();
    }

    /** A user rule's list of addresses or ports: the list, the single value, or "*" when neither is set. */
    private static String addresses(String one, String many) {
        return "(has(r." + many + ") ? r." + many + " : (has(r." + one + ") ? [r." + one + "] : ['*']))";
    }

    /** Port expression {@code p} ("443" or "1000-2000") contains the mandatory port. */
    private static String portIn(String port) {
        int value = Integer.parseInt(port);
        return "(int(p.split('-')[0]) <= " + value + " && " + value + " <= int(p.split('-')[p.split('-').size() - 1]))";
    }

    /** Address {@code a} of a user rule covers part of the given peer of a mandatory rule. */
    static String covers(String peer) {
        if (NsgRule.SUBNET.equals(peer)) {
            return "(a == '*' || a.lowerAscii() == 'virtualnetwork' || (isCIDR(a) && cidr(a).ip().family() == 4 && (cidr(a).containsCIDR("
                    + SUBNET + ") || cidr(" + SUBNET + ").containsCIDR(a))) || (isIP(a) && ip(a).family() == 4 && cidr(" + SUBNET
                    + ").containsIP(a)))";
        }
        if (NsgRule.AZURE_LOAD_BALANCER.equals(peer)) {
            return "(a == '*' || a.lowerAscii() == 'azureloadbalancer' || a == '" + AZURE_LOAD_BALANCER_ADDRESS
                    + "' || (isCIDR(a) && cidr(a).ip().family() == 4 && cidr(a).containsIP('" + AZURE_LOAD_BALANCER_ADDRESS + "')))";
        }
        return "(a == '*' || a.lowerAscii() in [" + tagsCovering(peer).stream().map(t -> quote(t.toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", ")) + "])";
    }

    /**
     * Service tags whose addresses include those of {@code tag}: itself, each regional parent (Storage for
     * Storage.primaryRegion), Internet (every public Azure address is in it) and AzureCloud (Azure's public ranges),
     * which does not hold Microsoft's corporate networks (CorpNetSaw, CorpNetPublic).
     */
    static List<String> tagsCovering(String tag) {
        List<String> tags = new ArrayList<>();
        tags.add(tag);
        for (int dot = tag.lastIndexOf('.'); dot > 0; dot = tag.lastIndexOf('.', dot - 1)) {
            tags.add(tag.substring(0, dot));
        }
        if (!tag.startsWith("CorpNet") && !tags.contains("AzureCloud")) {
            tags.add("AzureCloud");
        }
        tags.add(NsgRule.INTERNET);
        return tags;
    }

    /** The mandatory rule's traffic in words, e.g. "TCP port 443 to AzureActiveDirectory". */
    static String traffic(NsgRule rule) {
        boolean anyPort = rule.ports().contains(NsgRule.ANY);
        String what = rule.protocol() == Protocol.Any
                ? (anyPort ? "any protocol and port" : "any protocol, " + ports(rule.ports()))
                : rule.protocol().name().toUpperCase(Locale.ROOT) + (anyPort ? ", any port" : " " + ports(rule.ports()));
        String peer = rule.peers().get(0);
        String where = NsgRule.SUBNET.equals(peer) ? "the subnet %s"
                : NsgRule.AZURE_LOAD_BALANCER.equals(peer) ? peer + " (" + AZURE_LOAD_BALANCER_ADDRESS + ")" : peer;
        return what + (rule.direction() == Direction.Inbound ? " from " : " to ") + where;
    }

    private static String ports(List<String> ports) {
        return (ports.size() == 1 ? "port " : "ports ") + String.join(", ", ports);
    }

    // ---- routes ----

    static List<ValidationRule> routesMayNotOverride(Architecture architecture) {
        List<ValidationRule> rules = new ArrayList<>();
        Map<NextHopType, Map<String, String>> tagRoutes = new LinkedHashMap<>();
        for (MandatoryRoute route : RouteTables.MANDATORY.get(architecture)) {
            if (NsgRule.SUBNET.equals(route.addressPrefix())) {
                rules.add(subnetRouteMayNotBeOverridden(architecture, route));
            } else {
                tagRoutes.computeIfAbsent(route.nextHopType(), hop -> new LinkedHashMap<>())
                        .put(route.addressPrefix(), SecurityRuleTables.MANDATORY_NAME_PREFIX + route.name());
            }
        }
        tagRoutes.forEach((hop, names) -> rules.add(tagRoutesMayNotBeOverridden(architecture, hop, names)));
        return rules;
    }

    private static ValidationRule subnetRouteMayNotBeOverridden(Architecture architecture, MandatoryRoute route) {
        String hop = route.nextHopType().name();
        String overrides = "(((isCIDR(r.addressPrefix) && cidr(r.addressPrefix).ip().family() == 4 && cidr(" + SUBNET
                + ").containsCIDR(r.addressPrefix)) || (isIP(r.addressPrefix) && ip(r.addressPrefix).family() == 4 && cidr("
                + SUBNET + ").containsIP(r.addressPrefix))) && r.nextHopType != '" + hop + "')";
        String first = ROUTES + ".filter(r, " + overrides + ")[0]";
        String message = "route %s sends %s to %s, but the mandatory route " + SecurityRuleTables.MANDATORY_NAME_PREFIX
                + "subnet-%s-to-vnetlocal keeps the subnet %s on next hop " + hop + ". The network intent policy does not"
                + " let a user route override a mandatory route, and a prefix inside the subnet overrides it for that part:"
                + " remove the route or send it to " + hop + ". A route to a range that contains the whole subnet, such as"
                + " an on-premises summary, is allowed";
        return new ValidationRuleBuilder()
                .withRule(notIn(architecture) + " || !has(self.routeTable) || !has(" + ROUTES + ") || !isCIDR(" + SUBNET + ") || "
                        + ROUTES + ".all(r, !" + overrides + ")")
                .withMessageExpression(quote(message) + ".format([" + first + ".name, " + first + ".addressPrefix, " + first
                        + ".nextHopType, " + SUBNET + ".replace('.', '-').replace('/', '-'), " + SUBNET + "])")
                .build();
    }

    private static ValidationRule tagRoutesMayNotBeOverridden(Architecture architecture, NextHopType hop, Map<String, String> names) {
        String table = names.entrySet().stream().map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        String overrides = "(r.addressPrefix in " + table + " && r.nextHopType != '" + hop + "')";
        String first = ROUTES + ".filter(r, " + overrides + ")[0]";
        String message = "route %s sends the service tag %s to %s, but the mandatory route %s sends it to next hop " + hop
                + ". The network intent policy does not let a user route override a mandatory route: remove the route or"
                + " send it to " + hop;
        return new ValidationRuleBuilder()
                .withRule(notIn(architecture) + " || !has(self.routeTable) || !has(" + ROUTES + ") || " + ROUTES + ".all(r, !"
                        + overrides + ")")
                .withMessageExpression(quote(message) + ".format([" + first + ".name, " + first + ".addressPrefix, " + first
                        + ".nextHopType, " + table + "[" + first + ".addressPrefix]])")
                .build();
    }

    // ---- shared ----

    /** The spec is not of this architecture (absent means Current). */
    static String notIn(Architecture architecture) {
        return architecture == Architecture.Current
                ? "(has(self.architecture) && self.architecture != 'Current')"
                : "(!has(self.architecture) || self.architecture != '" + architecture + "')";
    }

    /** A CEL string literal; the texts here hold no quote of their own. */
    private static String quote(String text) {
        if (text.contains("'") || text.contains("\\")) {
            throw new IllegalArgumentException("no quotes in CEL literals: " + text);
        }
        return "'" + text + "'";
    }
}
