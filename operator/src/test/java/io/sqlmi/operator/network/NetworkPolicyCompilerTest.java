package io.sqlmi.operator.network;

import static io.sqlmi.operator.testing.Fixtures.inbound;
import static io.sqlmi.operator.testing.Fixtures.outbound;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withArchitecture;
import static io.sqlmi.operator.testing.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.EffectiveSecurityRule;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.testing.TestConfigs;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NetworkPolicyCompilerTest {

    static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10");
    static final Pattern DNS_1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

    static final OperatorConfig SHIPPED = TestConfigs.shipped();
    static final NetworkPolicyCompiler COMPILER = new NetworkPolicyCompiler(new ServiceTags(SHIPPED.serviceTags()));
    static final List<String> VNETS = List.of("vnet-a", "vnet-b");

    static NetworkPolicyCompiler.Result compile(VirtualCluster vc) {
        return COMPILER.compile(vc, EffectiveSecurityRules.of(vc.getSpec()), VNETS);
    }

    static NetworkPolicy policy(NetworkPolicyCompiler.Result result, String name) {
        return result.policies().stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name + " among "
                        + result.policies().stream().map(p -> p.getMetadata().getName()).toList()));
    }

    static List<NetworkPolicyPeer> from(NetworkPolicy policy) {
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        return policy.getSpec().getIngress().get(0).getFrom();
    }

    static List<NetworkPolicyPeer> to(NetworkPolicy policy) {
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getEgress()).hasSize(1);
        return policy.getSpec().getEgress().get(0).getTo();
    }

    static List<NetworkPolicyPort> ingressPorts(NetworkPolicy policy) {
        return policy.getSpec().getIngress().get(0).getPorts();
    }

    static List<NetworkPolicyPort> egressPorts(NetworkPolicy policy) {
        return policy.getSpec().getEgress().get(0).getPorts();
    }

    /** (protocol, port, endPort) of each port entry. */
    static List<List<Object>> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> java.util.Arrays.asList((Object) p.getProtocol(),
                p.getPort() == null ? null : p.getPort().getIntVal(), p.getEndPort())).toList();
    }

    static List<Object> port(String protocol, Integer port, Integer endPort) {
        return java.util.Arrays.asList(protocol, port, endPort);
    }

    /** A peer as a person reads it: "ipBlock 10.0.0.0/8 except [10.1.0.0/16]", "pods of the namespace", ... */
    static String describe(NetworkPolicyPeer peer) {
        IPBlock block = peer.getIpBlock();
        if (block != null) {
            List<String> except = block.getExcept() == null ? List.of() : block.getExcept();
            return "ipBlock " + block.getCidr() + " except " + except;
        }
        if (peer.getNamespaceSelector() != null) {
            return "namespaces " + peer.getNamespaceSelector().getMatchLabels() + " " + peer.getNamespaceSelector().getMatchExpressions();
        }
        return isWholeNamespace(peer) ? "pods of the namespace" : "pods " + peer.getPodSelector();
    }

    static List<String> describe(List<NetworkPolicyPeer> peers) {
        return peers.stream().map(NetworkPolicyCompilerTest::describe).toList();
    }

    static String ipBlock(String cidr, List<String> except) {
        return "ipBlock " + cidr + " except " + (except == null ? List.of() : except);
    }

    static boolean isWholeNamespace(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                && isEmpty(peer.getPodSelector());
    }

    static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    @Nested
    class MandatoryRulesOfTheCurrentArchitecture {

        final NetworkPolicyCompiler.Result result = compile(virtualCluster());

        @Test
        void everyMandatoryRuleBecomesOnePolicyThatSelectsEveryPodOfTheSubnet() {
            List<NetworkPolicy> mandatory = result.policies().stream()
                    .filter(p -> "Mandatory".equals(p.getMetadata().getLabels().get(NetworkPolicyCompiler.ORIGIN_LABEL))).toList();

            assertThat(mandatory).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder(
                    "vc1-mi-healthprobe-in", "vc1-mi-internal-in", "vc1-mi-aad-out", "vc1-mi-onedscollector-out",
                    "vc1-mi-internal-out", "vc1-mi-storagep-out", "vc1-mi-storages-out");
            assertThat(mandatory).allSatisfy(p -> {
                assertThat(p.getMetadata().getNamespace()).isEqualTo("sqlmi-subnet-a");
                assertThat(isEmpty(p.getSpec().getPodSelector())).as("podSelector of %s", p.getMetadata().getName()).isTrue();
                assertThat(p.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "network-policy")
                        .containsEntry(Labels.MANAGED_BY, "sqlmi-operator").containsEntry(Labels.VIRTUAL_CLUSTER, "vc1")
                        .containsEntry(Labels.INSTANCE, "vc1");
            });
        }

        @Test
        void healthProbeInAllowsAnyPortAnyProtocolFromTheConfiguredAzureLoadBalancer() {
            NetworkPolicy p = policy(result, "vc1-mi-healthprobe-in");

            assertThat(describe(from(p))).containsExactly(ipBlock("168.63.129.16/32", List.of()));
            assertThat(ingressPorts(p)).isEmpty();
            assertThat(p.getMetadata().getLabels()).containsEntry(NetworkPolicyCompiler.RULE_LABEL, "healthprobe-in");
            assertThat(p.getMetadata().getAnnotations())
                    .containsEntry(NetworkPolicyCompiler.RULE_ANNOTATION, "healthprobe-in")
                    .containsEntry(NetworkPolicyCompiler.PRIORITY_ANNOTATION, "100")
                    .containsEntry(NetworkPolicyCompiler.AZURE_NAME_ANNOTATION,
                            "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-0-0-0-24");
        }

        @Test
        void internalInAndOutAllowEverythingWithinTheSubnetNamespace() {
            NetworkPolicy in = policy(result, "vc1-mi-internal-in");
            NetworkPolicy out = policy(result, "vc1-mi-internal-out");

            assertThat(from(in)).singleElement().matches(NetworkPolicyCompilerTest::isWholeNamespace, "podSelector {} only");
            assertThat(ingressPorts(in)).isEmpty();
            assertThat(to(out)).singleElement().matches(NetworkPolicyCompilerTest::isWholeNamespace, "podSelector {} only");
            assertThat(egressPorts(out)).isEmpty();
        }

        @Test
        void aadOutAllowsTcp443ToTheAzureActiveDirectoryRanges() {
            NetworkPolicy p = policy(result, "vc1-mi-aad-out");

            assertThat(describe(to(p))).containsExactly(ipBlock("20.190.128.0/18", List.of()), ipBlock("40.126.0.0/18", List.of()));
            assertThat(ports(egressPorts(p))).containsExactly(port("TCP", 443, null));
        }

        @Test
        void oneDsCollectorOutAllowsTcp443ToPublicAddressesOnly() {
            NetworkPolicy p = policy(result, "vc1-mi-onedscollector-out");

            assertThat(describe(to(p))).containsExactly(ipBlock("0.0.0.0/0", PRIVATE_RANGES));
            assertThat(ports(egressPorts(p))).containsExactly(port("TCP", 443, null));
        }

        @Test
        void storageOutRulesAllow443OverTcpAndUdp() {
            for (String name : List.of("vc1-mi-storagep-out", "vc1-mi-storages-out")) {
                NetworkPolicy p = policy(result, name);

                assertThat(describe(to(p))).as(name).containsExactly(ipBlock("0.0.0.0/0", PRIVATE_RANGES));
                assertThat(ports(egressPorts(p))).as(name).containsExactlyInAnyOrder(port("TCP", 443, null), port("UDP", 443, null));
            }
        }

        @Test
        void statusListsEveryRuleWithItsOriginAndPolicy() {
            assertThat(result.problems()).isEmpty();
            assertThat(result.rules()).filteredOn(r -> r.getOrigin() == RuleOrigin.Mandatory)
                    .extracting(EffectiveSecurityRule::getName, EffectiveSecurityRule::getNetworkPolicy)
                    .contains(tuple("Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in", "vc1-mi-healthprobe-in"),
                            tuple("Microsoft.Sql-managedInstances_UseOnly_mi-StorageS-out", "vc1-mi-storages-out"));
            assertThat(result.rules()).filteredOn(r -> r.getOrigin() == RuleOrigin.Default)
                    .extracting(EffectiveSecurityRule::getName, EffectiveSecurityRule::getNetworkPolicy)
                    .containsExactlyInAnyOrder(
                            tuple("AllowVnetInBound", "vc1-default-allowvnetinbound-in"),
                            tuple("AllowAzureLoadBalancerInBound", "vc1-default-allowazureloadbalancerinbound-in"),
                            tuple("DenyAllInBound", null),
                            tuple("AllowVnetOutBound", "vc1-default-allowvnetoutbound-out"),
                            tuple("AllowInternetOutBound", "vc1-default-allowinternetoutbound-out"),
                            tuple("DenyAllOutBound", null));
            assertThat(result.rules()).hasSize(13);
        }
    }

    @Nested
    class DefaultRules {

        final NetworkPolicyCompiler.Result result = compile(virtualCluster());

        @Test
        void allowVnetInBoundAdmitsTheSubnetAndEveryNamespaceOfTheVnetAndItsPeers() {
            List<NetworkPolicyPeer> peers = from(policy(result, "vc1-default-allowvnetinbound-in"));

            assertThat(peers).hasSize(2);
            assertThat(peers.get(0)).matches(NetworkPolicyCompilerTest::isWholeNamespace, "the subnet's own pods");
            LabelSelector namespaces = peers.get(1).getNamespaceSelector();
            assertThat(namespaces.getMatchExpressions()).singleElement().satisfies(e -> {
                assertThat(e.getKey()).isEqualTo("sqlmi.io/virtual-network");
                assertThat(e.getOperator()).isEqualTo("In");
                assertThat(e.getValues()).containsExactly("vnet-a", "vnet-b");
            });
        }

        @Test
        void allowInternetOutBoundReachesPublicAddressesAndNamespacesOutsideTheVnetAndItsPeers() {
            List<NetworkPolicyPeer> peers = to(policy(result, "vc1-default-allowinternetoutbound-out"));
            assertThat(describe(peers.get(0))).isEqualTo(ipBlock("0.0.0.0/0", PRIVATE_RANGES));
            assertThat(peers).hasSize(2);
            assertThat(peers.get(1).getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
                assertThat(e.getKey()).isEqualTo("sqlmi.io/virtual-network");
                assertThat(e.getOperator()).as("also namespaces without the label").isEqualTo("NotIn");
                assertThat(e.getValues()).containsExactly("vnet-a", "vnet-b");
            });
        }

        @Test
        void denyAllRulesMakeNoPolicyTheyAreTheImplicitDeny() {
            assertThat(result.policies()).noneMatch(p -> p.getMetadata().getName().contains("denyall"));
        }
    }

    @Test
    void beforeNovember2022CompilesTheManagementPorts() {
        var result = compile(withArchitecture(virtualCluster(), Architecture.BeforeNovember2022));

        assertThat(result.problems()).isEmpty();
        NetworkPolicy management = policy(result, "vc1-mi-management-in");
        assertThat(ports(ingressPorts(management))).containsExactly(port("TCP", 9000, null), port("TCP", 9003, null),
                port("TCP", 1438, null), port("TCP", 1440, null), port("TCP", 1452, null));
        assertThat(describe(from(management))).containsExactly(ipBlock("0.0.0.0/0", PRIVATE_RANGES));
        assertThat(ports(egressPorts(policy(result, "vc1-mi-management-out"))))
                .containsExactly(port("TCP", 443, null), port("TCP", 12000, null));
        assertThat(describe(from(policy(result, "vc1-mi-health-probe-in")))).containsExactly(ipBlock("168.63.129.16/32", List.of()));
        assertThat(from(policy(result, "vc1-mi-mi-subnet-in"))).singleElement().matches(NetworkPolicyCompilerTest::isWholeNamespace);
        assertThat(to(policy(result, "vc1-mi-mi-subnet-out"))).singleElement().matches(NetworkPolicyCompilerTest::isWholeNamespace);
        assertThat(result.policies()).noneMatch(p -> p.getMetadata().getName().contains("aad"));
    }

    @Nested
    class UserRules {

        @Test
        void allowRulesBecomePoliciesWithTheirPortsAndRanges() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_tds_inbound", 1000, Access.Allow, Protocol.Tcp, "VirtualNetwork", "1433"),
                    inbound("allow_redirect_inbound", 1100, Access.Allow, Protocol.Tcp, "VirtualNetwork", "11000-11999"),
                    inbound("from_admin_host", 1200, Access.Allow, Protocol.Udp, "192.168.1.10", "1434"),
                    outbound("to_onprem", 1000, Access.Allow, Protocol.Any, "192.168.0.0/16", "*")));

            assertThat(result.problems()).isEmpty();
            NetworkPolicy tds = policy(result, "vc1-user-allow-tds-inbound-in");
            assertThat(ports(ingressPorts(tds))).containsExactly(port("TCP", 1433, null));
            assertThat(from(tds)).hasSize(2);
            assertThat(tds.getMetadata().getLabels()).containsEntry(NetworkPolicyCompiler.ORIGIN_LABEL, "User");
            assertThat(tds.getMetadata().getAnnotations()).containsEntry(NetworkPolicyCompiler.RULE_ANNOTATION, "allow_tds_inbound")
                    .containsEntry(NetworkPolicyCompiler.PRIORITY_ANNOTATION, "1000")
                    .doesNotContainKey(NetworkPolicyCompiler.AZURE_NAME_ANNOTATION);
            assertThat(ports(ingressPorts(policy(result, "vc1-user-allow-redirect-inbound-in"))))
                    .containsExactly(port("TCP", 11000, 11999));
            NetworkPolicy admin = policy(result, "vc1-user-from-admin-host-in");
            assertThat(describe(from(admin))).containsExactly(ipBlock("192.168.1.10/32", null));
            assertThat(ports(ingressPorts(admin))).containsExactly(port("UDP", 1434, null));
            NetworkPolicy onprem = policy(result, "vc1-user-to-onprem-out");
            assertThat(describe(to(onprem))).containsExactly(ipBlock("192.168.0.0/16", null));
            assertThat(egressPorts(onprem)).as("any protocol, any port: no port restriction").isEmpty();
        }

        @Test
        void allPortsOfOneProtocolRestrictTheProtocolOnly() {
            var result = compile(withRules(virtualCluster(), inbound("udp_all", 1000, Access.Allow, Protocol.Udp, "10.9.0.0/16", "*")));

            assertThat(ports(ingressPorts(policy(result, "vc1-user-udp-all-in")))).containsExactly(port("UDP", null, null));
        }

        @Test
        void aDenyRuleThatCoversAnAllowRemovesTheDeniedPeer() {
            SecurityRule allow = inbound("allow_two_ranges", 1000, Access.Allow, Protocol.Tcp, null, "1433");
            allow.setSourceAddressPrefix(null);
            allow.setSourceAddressPrefixes(List.of("10.1.0.0/16", "10.2.0.0/16"));
            var result = compile(withRules(virtualCluster(), allow,
                    inbound("deny_first_range", 900, Access.Deny, Protocol.Any, "10.1.0.0/16", "*")));

            assertThat(describe(from(policy(result, "vc1-user-allow-two-ranges-in")))).containsExactly(ipBlock("10.2.0.0/16", null));
            assertThat(result.problems()).isEmpty();
        }

        @Test
        void aDenyRuleOnSomePortsOfEveryAllowedPeerTakesThosePortsOutOfTheLaterAllows() {
            var result = compile(withRules(virtualCluster(),
                    inbound("deny_vnet_tds", 200, Access.Deny, Protocol.Tcp, "VirtualNetwork", "1433"),
                    inbound("allow_vnet_tds_and_redirect", 300, Access.Allow, Protocol.Tcp, "VirtualNetwork", "1433",
                            "11000-11999")));

            assertThat(result.problems()).isEmpty();
            assertThat(ports(ingressPorts(policy(result, "vc1-user-allow-vnet-tds-and-redirect-in"))))
                    .containsExactly(port("TCP", 11000, 11999));
            assertThat(ports(ingressPorts(policy(result, "vc1-default-allowvnetinbound-in"))))
                    .as("AllowVnetInBound (65000, any protocol and port) less TCP 1433 and the private listener")
                    .containsExactly(port("TCP", 1, 1432), port("TCP", 1434, null), port("TCP", 1436, 65535),
                            port("UDP", null, null));
            assertThat(result.policies()).extracting(p -> p.getMetadata().getName()).contains("vc1-mi-internal-in");
            assertThat(ingressPorts(policy(result, "vc1-mi-internal-in"))).as("mandatory rules are never carved").isEmpty();
        }

        @Test
        void noNsgRuleOpensTheGatewaysPrivateListenerWhichBelongsToThePrivateEndpointsNetworks() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_everything", 300, Access.Allow, Protocol.Tcp, "*", "1000-2000")));

            assertThat(ports(ingressPorts(policy(result, "vc1-user-allow-everything-in"))))
                    .containsExactly(port("TCP", 1000, 1434), port("TCP", 1436, 2000));
            assertThat(ports(ingressPorts(policy(result, "vc1-default-allowvnetinbound-in"))))
                    .containsExactly(port("TCP", 1, 1434), port("TCP", 1436, 65535), port("UDP", null, null));
            assertThat(ingressPorts(policy(result, "vc1-mi-internal-in"))).as("the subnet itself keeps every port").isEmpty();
        }

        @Test
        void anAllowWhosePortsAreAllDeniedMakesNoPolicy() {
            var result = compile(withRules(virtualCluster(),
                    inbound("deny_vnet_tds", 200, Access.Deny, Protocol.Any, "VirtualNetwork", "1433"),
                    inbound("allow_vnet_tds", 300, Access.Allow, Protocol.Tcp, "VirtualNetwork", "1433")));

            assertThat(result.policies()).extracting(p -> p.getMetadata().getName()).doesNotContain("vc1-user-allow-vnet-tds-in");
        }

        @Test
        void aDenyRuleForPartOfAnAllowedRangeBecomesAnIpBlockExcept() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_corp", 1000, Access.Allow, Protocol.Tcp, "10.0.0.0/8", "1433", "11000-11999"),
                    inbound("deny_lab", 900, Access.Deny, Protocol.Tcp, "10.66.0.0/16", "1-65535")));

            assertThat(describe(from(policy(result, "vc1-user-allow-corp-in")))).containsExactly(ipBlock("10.0.0.0/8", List.of("10.66.0.0/16")));
            assertThat(result.problems()).isEmpty();
        }

        @Test
        void aDenyRuleThatDeniesEverythingRemovesTheAllowPolicyAndTheDefaultAllows() {
            var result = compile(withRules(virtualCluster(),
                    inbound("deny_everything", 4000, Access.Deny, Protocol.Any, "*", "*"),
                    inbound("allow_late", 4096, Access.Allow, Protocol.Tcp, "VirtualNetwork", "1433")));

            assertThat(result.policies()).extracting(p -> p.getMetadata().getName())
                    .doesNotContain("vc1-user-allow-late-in", "vc1-default-allowvnetinbound-in",
                            "vc1-default-allowazureloadbalancerinbound-in")
                    .contains("vc1-default-allowvnetoutbound-out", "vc1-default-allowinternetoutbound-out");
            assertThat(result.rules()).filteredOn(r -> r.getName().equals("allow_late")).singleElement()
                    .extracting(EffectiveSecurityRule::getNetworkPolicy).isNull();
        }

        @Test
        void aDenyRuleEvaluatedAfterTheAllowOrInTheOtherDirectionChangesNothing() {
            var allowOnly = compile(withRules(virtualCluster(),
                    inbound("allow_corp", 1000, Access.Allow, Protocol.Tcp, "10.0.0.0/8", "1433")));
            var withDenies = compile(withRules(virtualCluster(),
                    inbound("allow_corp", 1000, Access.Allow, Protocol.Tcp, "10.0.0.0/8", "1433"),
                    inbound("deny_later", 2000, Access.Deny, Protocol.Any, "10.0.0.0/8", "*"),
                    outbound("deny_out", 500, Access.Deny, Protocol.Any, "10.0.0.0/8", "*")));

            assertThat(policy(withDenies, "vc1-user-allow-corp-in")).isEqualTo(policy(allowOnly, "vc1-user-allow-corp-in"));
        }

        @Test
        void aDenyRuleOnPartOfTheAllowedPortsOfTheWholeRangeTakesThosePortsOut() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_corp", 1000, Access.Allow, Protocol.Tcp, "10.0.0.0/8", "1433", "11000-11999"),
                    inbound("deny_tds", 900, Access.Deny, Protocol.Tcp, "10.0.0.0/8", "1433")));

            assertThat(result.problems()).isEmpty();
            NetworkPolicy corp = policy(result, "vc1-user-allow-corp-in");
            assertThat(describe(from(corp))).containsExactly(ipBlock("10.0.0.0/8", null));
            assertThat(ports(ingressPorts(corp))).containsExactly(port("TCP", 11000, 11999));
        }

        @Test
        void aDenyRuleForOneProtocolOfAnAnyProtocolAllowLeavesTheOtherProtocol() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_any", 1000, Access.Allow, Protocol.Any, "10.0.0.0/8", "1433"),
                    inbound("deny_tcp", 900, Access.Deny, Protocol.Tcp, "10.0.0.0/8", "1433")));

            assertThat(result.problems()).isEmpty();
            assertThat(ports(ingressPorts(policy(result, "vc1-user-allow-any-in")))).containsExactly(port("UDP", 1433, null));
        }

        @Test
        void aDenyRuleOnPartOfThePortsAndPartOfTheRangeIsReportedNotApplied() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_corp", 1000, Access.Allow, Protocol.Tcp, "10.0.0.0/8", "1433", "11000-11999"),
                    inbound("deny_lab_tds", 900, Access.Deny, Protocol.Tcp, "10.66.0.0/16", "1433")));

            assertThat(result.problems()).singleElement().asString()
                    .contains("deny_lab_tds").contains("allow_corp").contains("not applied");
            assertThat(ports(ingressPorts(policy(result, "vc1-user-allow-corp-in"))))
                    .containsExactly(port("TCP", 1433, null), port("TCP", 11000, 11999));
        }

        @Test
        void mandatoryRulesAreNeverShadowedByUserDenyRules() {
            var plain = compile(virtualCluster());
            var result = compile(withRules(virtualCluster(),
                    inbound("deny_all_in", 100, Access.Deny, Protocol.Any, "*", "*"),
                    outbound("deny_all_out", 100, Access.Deny, Protocol.Any, "*", "*")));

            List<NetworkPolicy> mandatoryBefore = plain.policies().stream()
                    .filter(p -> p.getMetadata().getName().startsWith("vc1-mi-")).toList();
            List<NetworkPolicy> mandatoryAfter = result.policies().stream()
                    .filter(p -> p.getMetadata().getName().startsWith("vc1-mi-")).toList();
            assertThat(mandatoryAfter).hasSize(7).containsExactlyInAnyOrderElementsOf(mandatoryBefore);
            assertThat(result.policies()).noneMatch(p -> p.getMetadata().getName().startsWith("vc1-default-"));
        }

        @Test
        void icmpRulesAreListedButReportedAsNotEnforced() {
            var result = compile(withRules(virtualCluster(), inbound("allow_ping", 1500, Access.Allow, Protocol.Icmp, "VirtualNetwork", "*")));

            assertThat(result.problems()).containsExactly(
                    "rule allow_ping: NetworkPolicy cannot match ICMP; the rule is listed but not enforced");
            assertThat(result.policies()).noneMatch(p -> p.getMetadata().getName().contains("ping"));
            assertThat(result.rules()).filteredOn(r -> r.getName().equals("allow_ping")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.getNetworkPolicy()).isNull();
                        assertThat(r.getProtocol()).isEqualTo(Protocol.Icmp);
                        assertThat(r.getOrigin()).isEqualTo(RuleOrigin.User);
                    });
        }

        @Test
        void anUnmappedServiceTagIsReportedWithTheConfigurationKeyToSet() {
            var result = compile(withRules(virtualCluster(), outbound("to_monitor", 1000, Access.Allow, Protocol.Tcp, "AzureMonitor", "443")));

            assertThat(result.problems()).singleElement().asString()
                    .contains("to_monitor").contains("AzureMonitor").contains("sqlmi.service-tags.AzureMonitor.cidrs");
            assertThat(result.policies()).noneMatch(p -> p.getMetadata().getName().contains("monitor"));
        }

        @Test
        void aServiceTagMappedToNamespaceLabelsBecomesANamespaceSelector() {
            var config = TestConfigs.shipped(Map.of("sqlmi.service-tags.BackupStore.namespace-labels.role", "backup"));
            var compiler = new NetworkPolicyCompiler(new ServiceTags(config.serviceTags()));
            var vc = withRules(virtualCluster(), outbound("to_backup", 1000, Access.Allow, Protocol.Tcp, "BackupStore", "443"));

            var result = compiler.compile(vc, EffectiveSecurityRules.of(vc.getSpec()), VNETS);

            assertThat(to(policy(result, "vc1-user-to-backup-out"))).singleElement()
                    .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("role", "backup")));
            assertThat(result.problems()).isEmpty();
        }

        @Test
        void rulesWhoseNamesMapToOnePolicyNameAreReported() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow.tds", 1000, Access.Allow, Protocol.Tcp, "10.1.0.0/16", "1433"),
                    inbound("allow_tds", 1001, Access.Allow, Protocol.Tcp, "10.2.0.0/16", "1433")));

            assertThat(result.problems()).singleElement().asString().contains("allow.tds").contains("allow_tds").contains("rename");
            assertThat(result.policies()).filteredOn(p -> p.getMetadata().getName().equals("vc1-user-allow-tds-in")).hasSize(1);
        }

        @Test
        void aDenyRuleInsideAServiceTagAllowIsEnforcedOrReported() {
            var result = compile(withRules(virtualCluster(),
                    inbound("public_endpoint_inbound", 1300, Access.Allow, Protocol.Tcp, "Internet", "3342"),
                    inbound("deny_bad_range", 1200, Access.Deny, Protocol.Tcp, "203.0.113.0/24", "3342")));

            List<NetworkPolicyPeer> peers = from(policy(result, "vc1-user-public-endpoint-inbound-in"));
            // Address ranges only: the namespaces outside the VNet that Internet also stands for are pods, not ranges.
            boolean excepted = peers.stream().filter(p -> p.getIpBlock() != null).allMatch(p -> p.getIpBlock().getExcept() != null
                    && p.getIpBlock().getExcept().contains("203.0.113.0/24"));
            boolean reported = result.problems().stream().anyMatch(m -> m.contains("deny_bad_range"));
            assertThat(excepted || reported).as("203.0.113.0/24 excepted from %s, or a problem reported: %s", peers,
                    result.problems()).isTrue();
        }
    }

    @Nested
    class Names {

        @Test
        void policyNamesAreDns1123LabelsOfAtMost63CharactersAndUnique() {
            String longVc = "v" + "x".repeat(61) + "1";
            String longRule = "Rule_With.Long-Name_" + "y".repeat(60);
            var vc = withRules(virtualCluster(longVc, "10.0.0.0/24"),
                    inbound(longRule, 1000, Access.Allow, Protocol.Tcp, "10.1.0.0/16", "1433"),
                    inbound(longRule.substring(0, 79) + "z", 1001, Access.Allow, Protocol.Tcp, "10.2.0.0/16", "1433"),
                    outbound("Upper_Case.Rule", 1000, Access.Allow, Protocol.Tcp, "10.3.0.0/16", "443"));

            var result = compile(vc);

            assertThat(result.problems()).isEmpty();
            assertThat(result.policies()).hasSize(7 + 4 + 3);
            assertThat(result.policies()).extracting(p -> p.getMetadata().getName())
                    .allMatch(n -> n.length() <= 63 && DNS_1123_LABEL.matcher(n).matches(), "DNS-1123 label of at most 63 characters")
                    .doesNotHaveDuplicates();
            assertThat(result.policies()).allSatisfy(p -> assertThat(p.getMetadata().getLabels().values())
                    .allMatch(v -> v.length() <= 63 && LABEL_VALUE.matcher(v).matches(), "valid label values"));
        }

        @Test
        void shortNamesAreKeptAndLongOnesHashedStably() {
            assertThat(NetworkPolicyCompiler.shorten("vc1-user-x-in")).isEqualTo("vc1-user-x-in");
            String longName = "a".repeat(70);
            assertThat(NetworkPolicyCompiler.shorten(longName)).hasSize(63).isEqualTo(NetworkPolicyCompiler.shorten(longName))
                    .isNotEqualTo(NetworkPolicyCompiler.shorten("a".repeat(69) + "b"));
        }

        @Test
        void ruleNameLabelIsAValidLabelValueForEveryAdmissibleRuleName() {
            var result = compile(withRules(virtualCluster(),
                    inbound("allow_tds_", 1000, Access.Allow, Protocol.Tcp, "10.1.0.0/16", "1433")));

            assertThat(result.policies()).allSatisfy(p -> assertThat(p.getMetadata().getLabels().values())
                    .allMatch(v -> v.length() <= 63 && LABEL_VALUE.matcher(v).matches(), "valid label values"));
        }
    }

    @Nested
    class UnmappedMandatoryTags {

        @Test
        void withoutServiceTagConfigurationTheSubnetRulesStillApplyAndEveryMissingTagIsNamed() {
            OperatorConfig bare = TestConfigs.only(Map.of());
            var compiler = new NetworkPolicyCompiler(new ServiceTags(bare.serviceTags()));
            VirtualCluster vc = virtualCluster();

            var result = compiler.compile(vc, EffectiveSecurityRules.of(vc.getSpec()), VNETS);

            assertThat(result.policies()).extracting(p -> p.getMetadata().getName())
                    .contains("vc1-mi-internal-in", "vc1-mi-internal-out")
                    .doesNotContain("vc1-mi-healthprobe-in", "vc1-mi-aad-out");
            assertThat(result.problems()).anySatisfy(m -> assertThat(m).contains("AAD-out")
                    .contains("sqlmi.service-tags.AzureActiveDirectory.cidrs"));
            assertThat(result.problems()).anySatisfy(m -> assertThat(m).contains("healthprobe-in")
                    .contains("sqlmi.service-tags.AzureLoadBalancer.cidrs"));
            assertThat(result.problems()).anySatisfy(m -> assertThat(m).contains("sqlmi.service-tags.Storage.primaryRegion.cidrs"));
        }
    }

    @Test
    void compilingTheSameClusterTwiceGivesEqualPoliciesInTheSameOrder() {
        var vc = withRules(virtualCluster(), inbound("allow_tds", 1000, Access.Allow, Protocol.Tcp, "VirtualNetwork", "1433"),
                outbound("to_onprem", 1000, Access.Allow, Protocol.Tcp, "192.168.0.0/16", "443"));

        var first = compile(vc);
        var second = compile(vc);

        assertThat(second.policies()).isEqualTo(first.policies());
        assertThat(second.rules()).usingRecursiveFieldByFieldElementComparator().isEqualTo(first.rules());
        assertThat(ingressPorts(policy(first, "vc1-user-allow-tds-in")).get(0).getPort()).isEqualTo(new IntOrString(1433));
    }
}
