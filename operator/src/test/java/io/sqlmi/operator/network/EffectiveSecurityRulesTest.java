package io.sqlmi.operator.network;

import static io.sqlmi.operator.testing.Fixtures.inbound;
import static io.sqlmi.operator.testing.Fixtures.outbound;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withArchitecture;
import static io.sqlmi.operator.testing.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveSecurityRulesTest {

    @Test
    void absentArchitectureMeansCurrentPlusDefaults() {
        List<NsgRule> rules = EffectiveSecurityRules.of(virtualCluster().getSpec());

        assertThat(rules).filteredOn(r -> r.origin() == RuleOrigin.Mandatory).extracting(NsgRule::name)
                .containsExactlyInAnyOrder("healthprobe-in", "internal-in", "AAD-out", "OneDsCollector-out",
                        "internal-out", "StorageP-out", "StorageS-out");
        assertThat(rules).filteredOn(r -> r.origin() == RuleOrigin.Default).hasSize(6);
        assertThat(rules).noneMatch(r -> r.origin() == RuleOrigin.User);
    }

    @Test
    void beforeNovember2022UsesTheOldTable() {
        List<NsgRule> rules = EffectiveSecurityRules.of(withArchitecture(virtualCluster(), Architecture.BeforeNovember2022).getSpec());

        assertThat(rules).filteredOn(r -> r.origin() == RuleOrigin.Mandatory).extracting(NsgRule::name)
                .contains("management", "mi_subnet", "health_probe").doesNotContain("healthprobe-in", "AAD-out");
    }

    @Test
    void rulesAreInEvaluationOrderInboundFirstThenByPriority() {
        var vc = withRules(virtualCluster(),
                outbound("to_onprem", 2000, Access.Allow, Protocol.Tcp, "192.168.0.0/16", "443"),
                inbound("allow_redirect", 1100, Access.Allow, Protocol.Tcp, "VirtualNetwork", "11000-11999"),
                inbound("allow_tds", 1000, Access.Allow, Protocol.Tcp, "VirtualNetwork", "1433"));

        List<NsgRule> rules = EffectiveSecurityRules.of(vc.getSpec());

        assertThat(rules).extracting(NsgRule::name).containsExactly(
                "healthprobe-in", "internal-in", "allow_tds", "allow_redirect", "AllowVnetInBound",
                "AllowAzureLoadBalancerInBound", "DenyAllInBound",
                "AAD-out", "OneDsCollector-out", "internal-out", "StorageP-out", "StorageS-out", "to_onprem",
                "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound");
    }

    @Test
    void aMandatoryRuleIsEvaluatedBeforeAUserRuleOfTheSamePriority() {
        var vc = withRules(virtualCluster(), inbound("deny_all_early", 100, Access.Deny, Protocol.Any, "*", "*"));

        List<NsgRule> inboundRules = EffectiveSecurityRules.of(vc.getSpec()).stream()
                .filter(r -> r.direction() == Direction.Inbound).toList();

        assertThat(inboundRules.get(0).name()).isEqualTo("healthprobe-in");
        assertThat(inboundRules.get(1).name()).isEqualTo("deny_all_early");
    }

    @Test
    void userRuleFieldsMapToAddressesAndPortsWithAbsentMeaningAny() {
        SecurityRule several = new SecurityRule();
        several.setName("several");
        several.setPriority(1200);
        several.setDirection(Direction.Inbound);
        several.setAccess(Access.Allow);
        several.setProtocol(Protocol.Tcp);
        several.setSourceAddressPrefixes(List.of("10.1.0.0/16", "10.2.0.0/16"));
        several.setDestinationPortRange("1433");
        var vc = withRules(virtualCluster(), several);

        NsgRule rule = EffectiveSecurityRules.of(vc.getSpec()).stream().filter(r -> r.name().equals("several")).findFirst().orElseThrow();

        assertThat(rule).extracting(NsgRule::origin, NsgRule::priority, NsgRule::sources, NsgRule::destinations, NsgRule::ports)
                .containsExactly(RuleOrigin.User, 1200, List.of("10.1.0.0/16", "10.2.0.0/16"), List.of("*"), List.of("1433"));
        assertThat(rule.peers()).containsExactly("10.1.0.0/16", "10.2.0.0/16");
    }

    @Test
    void peersAreTheFarSideOfTheSubnet() {
        var vc = withRules(virtualCluster(), outbound("out", 1000, Access.Allow, Protocol.Tcp, "192.168.0.0/16", "443"));

        NsgRule out = EffectiveSecurityRules.of(vc.getSpec()).stream().filter(r -> r.name().equals("out")).findFirst().orElseThrow();

        assertThat(out).extracting(NsgRule::sources, NsgRule::peers).containsExactly(List.of("*"), List.of("192.168.0.0/16"));
        assertThat(tuple(out.direction(), out.access())).isEqualTo(tuple(Direction.Outbound, Access.Allow));
    }
}
