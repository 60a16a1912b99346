package io.sqlmi.operator.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.sqlmi.operator.network.RouteTables;
import io.sqlmi.operator.network.SecurityRuleTables;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CEL rules written from the operator's tables; what they refuse is NetworkIntentAdmissionTest's, on an API server. */
class NetworkIntentRulesTest {

    @Test
    void everyMandatoryRuleOfEveryArchitectureGetsARuleNamingIt() {
        List<ValidationRule> rules = NetworkIntentRules.all();
        SecurityRuleTables.MANDATORY.values().forEach(table -> table.forEach(m -> assertThat(rules)
                .filteredOn(r -> r.getMessageExpression().contains(SecurityRuleTables.MANDATORY_NAME_PREFIX + m.name() + " ("))
                .as(m.name()).isNotEmpty()));
        int securityRules = SecurityRuleTables.MANDATORY.values().stream().mapToInt(List::size).sum();
        // Per architecture: one rule for the subnet route, one for the service-tag routes (all to Internet).
        assertThat(rules).hasSize(securityRules + 2 * RouteTables.MANDATORY.size());
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.getRule()).doesNotContain("\n");
            assertThat(r.getMessage()).isNull();
            assertThat(r.getMessageExpression()).contains(".format([");
        });
    }

    @Test
    void aServiceTagIsCoveredByItselfItsParentsAzureCloudAndInternet() {
        assertThat(NetworkIntentRules.tagsCovering("Storage.primaryRegion"))
                .containsExactly("Storage.primaryRegion", "Storage", "AzureCloud", "Internet");
        assertThat(NetworkIntentRules.tagsCovering("CorpNetSaw")).as("Microsoft's corporate network is not Azure")
                .containsExactly("CorpNetSaw", "Internet");
        assertThat(NetworkIntentRules.tagsCovering("AzureCloud")).containsExactly("AzureCloud", "Internet");
    }

    @Test
    void theTrafficOfAMandatoryRuleReadsAsASentence() {
        var current = SecurityRuleTables.MANDATORY.get(io.sqlmi.operator.crds.v1alpha1.Architecture.Current);
        assertThat(current.stream().map(NetworkIntentRules::traffic)).containsExactly(
                "any protocol and port from AzureLoadBalancer (168.63.129.16)",
                "any protocol and port from the subnet %s",
                "TCP port 443 to AzureActiveDirectory",
                "TCP port 443 to OneDsCollector",
                "any protocol and port to the subnet %s",
                "any protocol, port 443 to Storage.primaryRegion",
                "any protocol, port 443 to Storage.secondaryRegion");
    }
}
