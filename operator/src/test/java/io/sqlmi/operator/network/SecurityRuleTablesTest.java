package io.sqlmi.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule tables against seed-connectivity-architecture.md, "Mandatory security rules with service-aided subnet configuration". */
class SecurityRuleTablesTest {

    @Test
    void currentArchitectureHasTheSevenMandatoryRulesOfTheSourceDocument() {
        List<NsgRule> rules = SecurityRuleTables.MANDATORY.get(Architecture.Current);

        assertThat(rules).extracting(NsgRule::name, NsgRule::direction, NsgRule::protocol, NsgRule::sources,
                        NsgRule::destinations, NsgRule::ports, NsgRule::access)
                .containsExactlyInAnyOrder(
                        tuple("healthprobe-in", Direction.Inbound, Protocol.Any, List.of("AzureLoadBalancer"), List.of("Subnet"), List.of("*"), Access.Allow),
                        tuple("internal-in", Direction.Inbound, Protocol.Any, List.of("Subnet"), List.of("Subnet"), List.of("*"), Access.Allow),
                        tuple("AAD-out", Direction.Outbound, Protocol.Tcp, List.of("Subnet"), List.of("AzureActiveDirectory"), List.of("443"), Access.Allow),
                        tuple("OneDsCollector-out", Direction.Outbound, Protocol.Tcp, List.of("Subnet"), List.of("OneDsCollector"), List.of("443"), Access.Allow),
                        tuple("internal-out", Direction.Outbound, Protocol.Any, List.of("Subnet"), List.of("Subnet"), List.of("*"), Access.Allow),
                        tuple("StorageP-out", Direction.Outbound, Protocol.Any, List.of("Subnet"), List.of("Storage.primaryRegion"), List.of("443"), Access.Allow),
                        tuple("StorageS-out", Direction.Outbound, Protocol.Any, List.of("Subnet"), List.of("Storage.secondaryRegion"), List.of("443"), Access.Allow));
        assertThat(rules).allMatch(r -> r.origin() == RuleOrigin.Mandatory);
    }

    @Test
    void beforeNovember2022HasTheOldManagementRules() {
        List<NsgRule> rules = SecurityRuleTables.MANDATORY.get(Architecture.BeforeNovember2022);

        assertThat(rules).extracting(NsgRule::direction, NsgRule::protocol, NsgRule::peers, NsgRule::ports)
                .containsExactlyInAnyOrder(
                        tuple(Direction.Inbound, Protocol.Tcp, List.of("SqlManagement"), List.of("9000", "9003", "1438", "1440", "1452")),
                        tuple(Direction.Inbound, Protocol.Tcp, List.of("CorpNetSaw"), List.of("9000", "9003")),
                        tuple(Direction.Inbound, Protocol.Tcp, List.of("CorpNetPublic"), List.of("9000", "9003")),
                        tuple(Direction.Inbound, Protocol.Any, List.of("Subnet"), List.of("*")),
                        tuple(Direction.Inbound, Protocol.Any, List.of("AzureLoadBalancer"), List.of("*")),
                        tuple(Direction.Outbound, Protocol.Tcp, List.of("AzureCloud"), List.of("443", "12000")),
                        tuple(Direction.Outbound, Protocol.Any, List.of("Subnet"), List.of("*")));
        assertThat(rules).filteredOn(r -> r.direction() == Direction.Inbound).extracting(NsgRule::name)
                .contains("management", "mi_subnet", "health_probe");
        assertThat(rules).filteredOn(r -> r.direction() == Direction.Outbound).extracting(NsgRule::name)
                .containsExactlyInAnyOrder("management", "mi_subnet");
    }

    @Test
    void mandatoryPrioritiesAreDistinctPerDirectionAndLowNumbered() {
        for (Architecture architecture : Architecture.values()) {
            List<NsgRule> rules = SecurityRuleTables.MANDATORY.get(architecture);
            for (Direction direction : Direction.values()) {
                List<Integer> priorities = rules.stream().filter(r -> r.direction() == direction).map(NsgRule::priority).toList();
                assertThat(priorities).as("%s %s", architecture, direction).doesNotHaveDuplicates()
                        .allMatch(p -> p >= 100 && p < 200);
            }
        }
    }

    @Test
    void defaultRulesAreAzuresSixNsgDefaults() {
        assertThat(SecurityRuleTables.DEFAULTS)
                .extracting(NsgRule::name, NsgRule::priority, NsgRule::direction, NsgRule::access, NsgRule::peers)
                .containsExactly(
                        tuple("AllowVnetInBound", 65000, Direction.Inbound, Access.Allow, List.of("VirtualNetwork")),
                        tuple("AllowAzureLoadBalancerInBound", 65001, Direction.Inbound, Access.Allow, List.of("AzureLoadBalancer")),
                        tuple("DenyAllInBound", 65500, Direction.Inbound, Access.Deny, List.of("*")),
                        tuple("AllowVnetOutBound", 65000, Direction.Outbound, Access.Allow, List.of("VirtualNetwork")),
                        tuple("AllowInternetOutBound", 65001, Direction.Outbound, Access.Allow, List.of("Internet")),
                        tuple("DenyAllOutBound", 65500, Direction.Outbound, Access.Deny, List.of("*")));
        assertThat(SecurityRuleTables.DEFAULTS).allMatch(r -> r.origin() == RuleOrigin.Default && r.protocol() == Protocol.Any
                && r.ports().equals(List.of("*")));
    }
}
