package io.sqlmi.operator.network;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rule pipeline: the mandatory rules of the subnet's architecture, the user's rules and the NSG default rules,
 * in evaluation order (direction, then priority). Pure: no API calls.
 */
public final class EffectiveSecurityRules {

    private EffectiveSecurityRules() {
    }

    public static List<NsgRule> of(VirtualClusterSpec spec) {
        Architecture architecture = Optional.ofNullable(spec.getArchitecture()).orElse(Architecture.Current);
        List<NsgRule> rules = new ArrayList<>(SecurityRuleTables.MANDATORY.get(architecture));
        if (spec.getNetworkSecurityGroup() != null && spec.getNetworkSecurityGroup().getSecurityRules() != null) {
            spec.getNetworkSecurityGroup().getSecurityRules().stream().map(EffectiveSecurityRules::fromUser)
                    .forEach(rules::add);
        }
        rules.addAll(SecurityRuleTables.DEFAULTS);
        rules.sort(Comparator.comparing(NsgRule::direction).thenComparingInt(NsgRule::priority)
                .thenComparing(r -> r.origin() == RuleOrigin.Mandatory ? 0 : 1));
        return rules;
    }

    static NsgRule fromUser(SecurityRule rule) {
        List<String> sources = rule.getSourceAddressPrefixes() != null ? rule.getSourceAddressPrefixes()
                : List.of(Optional.ofNullable(rule.getSourceAddressPrefix()).orElse(NsgRule.ANY));
        List<String> destinations = rule.getDestinationAddressPrefixes() != null ? rule.getDestinationAddressPrefixes()
                : List.of(Optional.ofNullable(rule.getDestinationAddressPrefix()).orElse(NsgRule.ANY));
        List<String> ports = rule.getDestinationPortRanges() != null ? rule.getDestinationPortRanges()
                : List.of(Optional.ofNullable(rule.getDestinationPortRange()).orElse(NsgRule.ANY));
        return new NsgRule(rule.getName(), RuleOrigin.User, rule.getPriority(), rule.getDirection(),
                rule.getAccess(), rule.getProtocol(), sources, destinations, ports);
    }
}
