package io.sqlmi.operator.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterSpec;
import io.sqlmi.operator.network.EffectiveRoutes;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.NsgRule;
import io.sqlmi.operator.network.PlatformPolicies;
import io.sqlmi.operator.network.RouteTables;
import io.sqlmi.operator.network.SecurityRuleTables;
import io.sqlmi.operator.network.ServiceTags;
import io.sqlmi.operator.testing.LocalApiServer;
import io.sqlmi.operator.testing.ProjectPaths;
import io.sqlmi.operator.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Azure's network intent policy as admission, on a real kube-apiserver with the committed CRDs and the shipped
 * policies of crds/admission/ (kubectl path: the operator is ServiceAccount sqlmi-system/sqlmi-operator): the CEL
 * rules of the VirtualCluster (NSG rules that would cut mandatory traffic, routes that override a mandatory route,
 * Deny toward AzurePlatformDNS) and the ValidatingAdmissionPolicies (mandatory NetworkPolicies, delegated subnets).
 * Who asks is set by impersonation, with group system:masters: cluster admins are refused like anyone else. No
 * controllers run here; the e2e suite's NetworkIntentAdmissionIT proves the same with the real operator and the
 * controller manager.
 */
class NetworkIntentAdmissionTest {

    static final String NS = "intent";
    static final String OPERATOR = "system:serviceaccount:sqlmi-system:sqlmi-operator";
    static final String CONTROLLER_MANAGER = "system:kube-controller-manager";
    static final String GARBAGE_COLLECTOR = "system:serviceaccount:kube-system:generic-garbage-collector";
    static final String NAMESPACE_CONTROLLER = "system:serviceaccount:kube-system:namespace-controller";
    static final String ADMIN = "cluster-admin-alice";
    static final String CUT = "would cut the mandatory rule ";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final AtomicInteger SEQUENCE = new AtomicInteger();
    static final ResourceDefinitionContext VIRTUAL_CLUSTERS = new ResourceDefinitionContext.Builder().withGroup("sqlmi.io")
            .withVersion("v1alpha1").withKind("VirtualCluster").withPlural("virtualclusters").withNamespaced(true).build();
    static final Map<String, KubernetesClient> CLIENTS = new ConcurrentHashMap<>();

    static LocalApiServer api;

    @BeforeAll
    static void startApiServerWithThePolicies() {
        api = LocalApiServer.startWithCrds();
        api.createNamespace(NS, Map.of());
        shippedAdmission().forEach(o -> api.client().resource(o).serverSideApply());
    }

    /** What crds/admission/ holds: the policies, then their bindings. */
    static List<HasMetadata> shippedAdmission() {
        List<HasMetadata> objects = new ArrayList<>();
        for (String file : List.of("policies.yaml", "bindings.yaml")) {
            try (InputStream in = Files.newInputStream(ProjectPaths.committedCrds().resolve("admission").resolve(file))) {
                objects.addAll(api.client().load(in).items());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return objects;
    }

    @AfterAll
    static void stopApiServer() {
        CLIENTS.values().forEach(KubernetesClient::close);
        if (api != null) {
            api.close();
        }
    }

    /** A client whose requests come from {@code user}, in group system:masters (so RBAC allows everything). */
    static KubernetesClient as(String user, String... groups) {
        return CLIENTS.computeIfAbsent(user + "|" + String.join(",", groups), key -> {
            List<String> all = new ArrayList<>(List.of(groups));
            all.add("system:masters");
            return new KubernetesClientBuilder().withConfig(new ConfigBuilder(api.client().getConfiguration())
                    .withImpersonateUsername(user).withImpersonateGroups(all.toArray(String[]::new)).build()).build();
        });
    }

    static String refusal(Runnable request) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, request::run);
        assertThat(refused).as("the API server refuses the request").isNotNull();
        assertThat(refused.getCode()).as("HTTP status of %s", refused.getMessage()).isIn(403, 422);
        return refused.getStatus().getMessage();
    }

    /** Refused with 403, the code of a policy's denial (422 is a schema or CEL error, or a policy without its parameter). */
    static boolean forbidden(Runnable request) {
        try {
            request.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    /** Admission policies take effect a moment after they change: retry until the check passes (at most 30 s). */
    static void eventually(Runnable check) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | KubernetesClientException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Object yaml(String text) {
        try {
            return YAML.readValue(text, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The VirtualCluster's own rules (CEL in the CRD)
    // ---------------------------------------------------------------------------------------------------------

    /** A VirtualCluster on 10.0.0.0/24 with the given rules and routes (YAML flow lists, or null). */
    static Map<String, Object> virtualCluster(Architecture architecture, String rules, String routes) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("virtualNetwork", "vnet-a");
        spec.put("subnet", Map.of("addressPrefix", "10.0.0.0/24", "delegation", "Microsoft.Sql/managedInstances"));
        if (architecture != null) {
            spec.put("architecture", architecture.name());
        }
        if (rules != null) {
            spec.put("networkSecurityGroup", Map.of("securityRules", yaml(rules)));
        }
        if (routes != null) {
            spec.put("routeTable", Map.of("routes", yaml(routes)));
        }
        Map<String, Object> vc = new LinkedHashMap<>();
        vc.put("apiVersion", "sqlmi.io/v1alpha1");
        vc.put("kind", "VirtualCluster");
        vc.put("metadata", Map.of("name", "vc-" + SEQUENCE.incrementAndGet(), "namespace", NS));
        vc.put("spec", spec);
        return vc;
    }

    static GenericKubernetesResource create(Map<String, Object> vc) {
        GenericKubernetesResource resource = api.client().getKubernetesSerialization().convertValue(vc, GenericKubernetesResource.class);
        return api.client().genericKubernetesResources(VIRTUAL_CLUSTERS).inNamespace(NS).resource(resource).create();
    }

    static String refused(Map<String, Object> vc) {
        return refusal(() -> create(vc));
    }

    static VirtualClusterSpec spec(Map<String, Object> vc) {
        return api.client().getKubernetesSerialization().convertValue(vc, VirtualCluster.class).getSpec();
    }

    /** A Deny rule that mirrors a mandatory rule: its direction, priority, protocol, ports and far side. */
    static String mirrorDeny(NsgRule mandatory, int priority) {
        String peer = mandatory.peers().get(0);
        String address = NsgRule.SUBNET.equals(peer) ? "10.0.0.0/24"
                : NsgRule.AZURE_LOAD_BALANCER.equals(peer) ? NetworkIntentRules.AZURE_LOAD_BALANCER_ADDRESS : peer;
        String far = mandatory.direction() == io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction.Inbound
                ? "sourceAddressPrefix: '" + address + "'" : "sourceAddressPrefix: '*', destinationAddressPrefix: '" + address + "'";
        String protocol = mandatory.protocol() == io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol.Any ? "*"
                : mandatory.protocol().name();
        return "[{name: mirror, priority: " + priority + ", direction: " + mandatory.direction() + ", access: Deny, protocol: '"
                + protocol + "', " + far + ", destinationPortRanges: [" + String.join(", ", mandatory.ports().stream()
                .map(p -> "'" + p + "'").toList()) + "]}]";
    }

    static int highestPriority(Architecture architecture, NsgRule mandatory) {
        return SecurityRuleTables.MANDATORY.get(architecture).stream().filter(m -> m.direction() == mandatory.direction())
                .mapToInt(NsgRule::priority).max().orElseThrow();
    }

    static Stream<Arguments> everyMandatoryRule() {
        List<Arguments> all = new ArrayList<>();
        SecurityRuleTables.MANDATORY.forEach((architecture, rules) -> rules.forEach(m -> all.add(
                arguments(architecture, named(architecture + " " + m.direction() + " " + m.name(), m)))));
        return all.stream();
    }

    @Nested
    class SecurityRulesThatCutMandatoryTraffic {

        @ParameterizedTest
        @MethodSource("io.sqlmi.operator.crds.NetworkIntentAdmissionTest#everyMandatoryRule")
        void aDenyRuleMirroringAMandatoryRuleIsRefusedNamingIt(Architecture architecture, NsgRule mandatory) {
            String message = refused(virtualCluster(architecture, mirrorDeny(mandatory, mandatory.priority()), null));
            assertThat(message).contains("security rule mirror (Deny, " + mandatory.direction() + ", priority "
                    + mandatory.priority() + ") " + CUT + SecurityRuleTables.MANDATORY_NAME_PREFIX + mandatory.name() + " ("
                    + mandatory.direction() + ", priority " + mandatory.priority() + ": ");
        }

        @ParameterizedTest
        @MethodSource("io.sqlmi.operator.crds.NetworkIntentAdmissionTest#everyMandatoryRule")
        void theSameDenyRuleEvaluatedAfterTheMandatoryRulesIsAccepted(Architecture architecture, NsgRule mandatory) {
            create(virtualCluster(architecture, mirrorDeny(mandatory, highestPriority(architecture, mandatory) + 1), null));
        }

        @Test
        void aDenyAllOutboundAheadOfTheMandatoryRulesIsRefusedForEachRuleItCuts() {
            String message = refused(virtualCluster(null, """
                    [{name: deny_all_out, priority: 100, direction: Outbound, access: Deny, protocol: '*',
                      sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRange: '*'}]""", null));
            assertThat(message).contains("security rule deny_all_out (Deny, Outbound, priority 100) would cut the mandatory rule"
                    + " Microsoft.Sql-managedInstances_UseOnly_mi-AAD-out (Outbound, priority 101: TCP port 443 to"
                    + " AzureActiveDirectory). The network intent policy keeps the management traffic of SQL Managed Instance"
                    + " flowing, so no Deny rule may come before a mandatory rule whose traffic it overlaps: give the rule a"
                    + " priority above 105, or narrow its addresses, ports or protocol so that it leaves this traffic alone");
            assertThat(message).contains(CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-OneDsCollector-out (",
                    CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-internal-out (Outbound, priority 103: any protocol and port"
                            + " to the subnet 10.0.0.0/24)",
                    CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-StorageP-out (Outbound, priority 104: any protocol, port 443"
                            + " to Storage.primaryRegion)",
                    CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-StorageS-out (");
        }

        @Test
        void tagsAndRangesThatContainTheMandatoryPeerCutItToo() {
            assertThat(refused(virtualCluster(null, """
                    [{name: no_internet, priority: 101, direction: Outbound, access: Deny, protocol: Tcp,
                      sourceAddressPrefix: '*', destinationAddressPrefix: internet, destinationPortRange: '400-500'}]""", null)))
                    .contains("security rule no_internet (Deny, Outbound, priority 101) " + CUT
                            + "Microsoft.Sql-managedInstances_UseOnly_mi-AAD-out (")
                    .doesNotContain("mi-internal-out");
            assertThat(refused(virtualCluster(null, """
                    [{name: no_storage, priority: 104, direction: Outbound, access: Deny, protocol: Udp,
                      sourceAddressPrefix: 10.0.0.0/16, destinationAddressPrefixes: [Storage], destinationPortRange: '443'}]""", null)))
                    .contains(CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-StorageP-out (",
                            CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-StorageS-out (")
                    .doesNotContain("AAD-out");
            assertThat(refused(virtualCluster(null, """
                    [{name: no_lab, priority: 100, direction: Inbound, access: Deny, protocol: '*',
                      sourceAddressPrefix: 10.0.0.128/25, destinationPortRange: '*'}]""", null)))
                    .contains(CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-internal-in (Inbound, priority 101: any protocol"
                            + " and port from the subnet 10.0.0.0/24)");
            assertThat(refused(virtualCluster(null, """
                    [{name: no_probes, priority: 100, direction: Inbound, access: Deny, protocol: Tcp,
                      sourceAddressPrefixes: [192.168.0.0/16, 168.63.0.0/16], destinationPortRange: '80'}]""", null)))
                    .contains(CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in (Inbound, priority 100: any"
                            + " protocol and port from AzureLoadBalancer (168.63.129.16))");
            assertThat(refused(virtualCluster(null, """
                    [{name: no_vnet, priority: 101, direction: Inbound, access: Deny, protocol: Icmp,
                      sourceAddressPrefix: VirtualNetwork, destinationPortRange: '*'}]""", null)))
                    .contains(CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-internal-in (");
        }

        @Test
        void denyRulesThatLeaveTheMandatoryTrafficAloneAreAccepted() {
            for (String rule : List.of(
                    // after the mandatory rules of their direction
                    "{name: late_in, priority: 102, direction: Inbound, access: Deny, protocol: '*', sourceAddressPrefix: '*', destinationPortRange: '*'}",
                    "{name: late_out, priority: 106, direction: Outbound, access: Deny, protocol: '*', sourceAddressPrefix: '*', destinationPortRange: '*'}",
                    // another protocol, another port, another far side, another near side
                    "{name: udp, priority: 100, direction: Outbound, access: Deny, protocol: Udp, sourceAddressPrefix: '*', destinationAddressPrefix: AzureActiveDirectory, destinationPortRange: '443'}",
                    "{name: http, priority: 100, direction: Outbound, access: Deny, protocol: Tcp, sourceAddressPrefix: '*', destinationAddressPrefix: Internet, destinationPortRanges: ['80', '8000-8443']}",
                    "{name: lab, priority: 100, direction: Inbound, access: Deny, protocol: '*', sourceAddressPrefix: 10.1.0.0/16, destinationPortRange: '*'}",
                    "{name: elsewhere, priority: 100, direction: Inbound, access: Deny, protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: 192.168.0.0/16, destinationPortRange: '*'}",
                    "{name: corpnet, priority: 100, direction: Outbound, access: Deny, protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: CorpNetSaw, destinationPortRange: '*'}",
                    // Allow rules never cut anything
                    "{name: allow_all, priority: 100, direction: Inbound, access: Allow, protocol: '*', sourceAddressPrefix: '*', destinationPortRange: '*'}")) {
                create(virtualCluster(null, "[" + rule + "]", null));
            }
        }

        @Test
        void eachArchitectureKeepsItsOwnMandatoryRules() {
            String management = """
                    [{name: no_mgmt, priority: 100, direction: Inbound, access: Deny, protocol: Tcp,
                      sourceAddressPrefix: Internet, destinationPortRange: '9000'}]""";
            assertThat(refused(virtualCluster(Architecture.BeforeNovember2022, management, null)))
                    .contains("security rule no_mgmt (Deny, Inbound, priority 100) " + CUT
                            + "Microsoft.Sql-managedInstances_UseOnly_mi-management (Inbound, priority 100: TCP ports 9000, 9003,"
                            + " 1438, 1440, 1452 from SqlManagement)")
                    .contains("give the rule a priority above 104");
            create(virtualCluster(Architecture.Current, management, null));
        }

        @Test
        void anUpdateThatAddsACuttingRuleIsRefusedToo() {
            GenericKubernetesResource stored = create(virtualCluster(null, null, null));
            Map<String, Object> spec = stored.get("spec");
            spec.put("networkSecurityGroup", Map.of("securityRules", yaml("""
                    [{name: deny_all_in, priority: 100, direction: Inbound, access: Deny, protocol: '*',
                      sourceAddressPrefix: '*', destinationPortRange: '*'}]""")));
            assertThat(refusal(() -> api.client().genericKubernetesResources(VIRTUAL_CLUSTERS).inNamespace(NS).resource(stored).update()))
                    .contains("security rule deny_all_in (Deny, Inbound, priority 100) " + CUT
                            + "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in (")
                    .contains(CUT + "Microsoft.Sql-managedInstances_UseOnly_mi-internal-in (");
        }
    }

    static Stream<Arguments> everyMandatoryRoute() {
        List<Arguments> all = new ArrayList<>();
        RouteTables.MANDATORY.forEach((architecture, routes) -> routes.forEach(r -> all.add(
                arguments(architecture, named(architecture + " " + r.name(), r)))));
        return all.stream();
    }

    @Nested
    class RoutesThatOverrideMandatoryRoutes {

        static String route(RouteTables.MandatoryRoute mandatory, String hop) {
            String prefix = NsgRule.SUBNET.equals(mandatory.addressPrefix()) ? "10.0.0.0/24" : mandatory.addressPrefix();
            return "[{name: mine, addressPrefix: '" + prefix + "', nextHopType: " + hop
                    + ("VirtualAppliance".equals(hop) ? ", nextHopIpAddress: 10.9.0.4" : "") + "}]";
        }

        @ParameterizedTest
        @MethodSource("io.sqlmi.operator.crds.NetworkIntentAdmissionTest#everyMandatoryRoute")
        void whatTheRoutesValidConditionCallsAConflictIsRefusedAtAdmission(Architecture architecture, RouteTables.MandatoryRoute mandatory) {
            String hop = mandatory.nextHopType() == io.sqlmi.operator.crds.v1alpha1.Route.NextHopType.Internet
                    ? "VirtualAppliance" : "None";
            Map<String, Object> vc = virtualCluster(architecture, null, route(mandatory, hop));
            assertThat(EffectiveRoutes.of(spec(vc)).conflicts()).as("RoutesValid would report it").isNotEmpty();
            assertThat(refused(vc)).contains("route mine sends ").contains("but the mandatory route "
                    + SecurityRuleTables.MANDATORY_NAME_PREFIX).contains("remove the route or send it to " + mandatory.nextHopType());
        }

        @ParameterizedTest
        @MethodSource("io.sqlmi.operator.crds.NetworkIntentAdmissionTest#everyMandatoryRoute")
        void aRouteRepeatingAMandatoryRouteIsAccepted(Architecture architecture, RouteTables.MandatoryRoute mandatory) {
            Map<String, Object> vc = virtualCluster(architecture, null, route(mandatory, mandatory.nextHopType().name()));
            assertThat(EffectiveRoutes.of(spec(vc)).conflicts()).isEmpty();
            create(vc);
        }

        @Test
        void theSubnetRouteNamesTheSubnetAndTheFix() {
            assertThat(refused(virtualCluster(null, null,
                    "[{name: via-fw, addressPrefix: 10.0.0.0/24, nextHopType: VirtualAppliance, nextHopIpAddress: 10.9.0.4}]")))
                    .contains("route via-fw sends 10.0.0.0/24 to VirtualAppliance, but the mandatory route"
                            + " Microsoft.Sql-managedInstances_UseOnly_mi-subnet-10-0-0-0-24-to-vnetlocal keeps the subnet 10.0.0.0/24"
                            + " on next hop VnetLocal. The network intent policy does not let a user route override a mandatory route,"
                            + " and a prefix inside the subnet overrides it for that part: remove the route or send it to VnetLocal."
                            + " A route to a range that contains the whole subnet, such as an on-premises summary, is allowed");
        }

        @Test
        void aPrefixInsideTheSubnetOverridesItForThatPartAndIsRefused() {
            assertThat(refused(virtualCluster(null, null, "[{name: half, addressPrefix: 10.0.0.128/25, nextHopType: None}]")))
                    .contains("route half sends 10.0.0.128/25 to None, but the mandatory route");
            assertThat(refused(virtualCluster(null, null, "[{name: host, addressPrefix: 10.0.0.9, nextHopType: Internet}]")))
                    .contains("route host sends 10.0.0.9 to Internet");
        }

        @Test
        void routesToRangesAroundOrBesideTheSubnetAndToOtherTagsAreAccepted() {
            create(virtualCluster(null, null, """
                    [{name: onprem-summary, addressPrefix: 10.0.0.0/8, nextHopType: VirtualNetworkGateway},
                     {name: branch, addressPrefix: 10.0.1.0/24, nextHopType: VirtualAppliance, nextHopIpAddress: 10.9.0.4},
                     {name: monitor, addressPrefix: AzureMonitor, nextHopType: VirtualAppliance, nextHopIpAddress: 10.9.0.4}]"""));
            assertThat(refused(virtualCluster(Architecture.BeforeNovember2022, null,
                    "[{name: monitor, addressPrefix: AzureMonitor, nextHopType: VirtualAppliance, nextHopIpAddress: 10.9.0.4}]")))
                    .contains("route monitor sends the service tag AzureMonitor to VirtualAppliance, but the mandatory route"
                            + " Microsoft.Sql-managedInstances_UseOnly_mi-mi-azuremonitor-internet sends it to next hop Internet."
                            + " The network intent policy does not let a user route override a mandatory route: remove the route or"
                            + " send it to Internet");
        }
    }

    @Nested
    class PlatformDns {

        @Test
        void aDenyRuleTowardAzurePlatformDnsIsRefused() {
            assertThat(refused(virtualCluster(null, """
                    [{name: no_platform_dns, priority: 3000, direction: Outbound, access: Deny, protocol: '*',
                      sourceAddressPrefix: '*', destinationAddressPrefix: AzurePlatformDNS, destinationPortRange: '53'}]""", null)))
                    .contains("security rule no_platform_dns: a Deny rule toward AzurePlatformDNS blocks platform DNS resolution,"
                            + " which renders SQL Managed Instance unavailable (an unsupported configuration); remove AzurePlatformDNS"
                            + " from its destinations. The instances may still use a custom DNS server, but the platform needs Azure DNS");
            assertThat(refused(virtualCluster(null, """
                    [{name: no_dns, priority: 3000, direction: Outbound, access: Deny, protocol: Udp, sourceAddressPrefix: '*',
                      destinationAddressPrefixes: [8.8.8.8, azureplatformdns], destinationPortRange: '*'}]""", null)))
                    .contains("security rule no_dns: a Deny rule toward AzurePlatformDNS");
        }

        @Test
        void allowingPlatformDnsOrDenyingOtherDnsIsAccepted() {
            create(virtualCluster(null, """
                    [{name: allow_platform_dns, priority: 3000, direction: Outbound, access: Allow, protocol: '*',
                      sourceAddressPrefix: '*', destinationAddressPrefix: AzurePlatformDNS, destinationPortRange: '53'},
                     {name: no_public_dns, priority: 3001, direction: Outbound, access: Deny, protocol: '*',
                      sourceAddressPrefix: '*', destinationAddressPrefix: 8.8.8.8, destinationPortRange: '53'}]""", null));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // ValidatingAdmissionPolicies
    // ---------------------------------------------------------------------------------------------------------

    /** The policies the operator would write for a VirtualCluster in {@code namespace}, owned by it. */
    static List<NetworkPolicy> operatorsPolicies(String namespace) {
        Map<String, Object> object = virtualCluster(null, """
                [{name: allow_tds_inbound, priority: 1000, direction: Inbound, access: Allow, protocol: Tcp,
                  sourceAddressPrefix: VirtualNetwork, destinationPortRange: '1433'}]""", null);
        VirtualCluster vc = api.client().getKubernetesSerialization().convertValue(object, VirtualCluster.class);
        vc.getMetadata().setName("vc1");
        vc.getMetadata().setNamespace(namespace);
        var result = new NetworkPolicyCompiler(new ServiceTags(TestConfigs.shipped().serviceTags()))
                .compile(vc, EffectiveSecurityRules.of(vc.getSpec()), List.of("vnet-a"));
        List<NetworkPolicy> policies = new ArrayList<>(result.policies());
        policies.add(PlatformPolicies.platformDns(vc));
        policies.add(PlatformPolicies.privateEndpointAccess(vc, List.of("vnet-b-apps")));
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("sqlmi.io/v1alpha1").withKind("VirtualCluster")
                .withName("vc1").withUid("00000000-0000-0000-0000-0000000000c1").withController(true).build();
        policies.forEach(p -> p.getMetadata().setOwnerReferences(List.of(owner)));
        return policies;
    }

    static NetworkPolicy policy(String namespace, String name) {
        return api.client().network().networkPolicies().inNamespace(namespace).withName(name).get();
    }

    static NetworkPolicy withPort(NetworkPolicy policy, int port) {
        return new NetworkPolicyBuilder(policy).editSpec().editFirstIngress().addNewPort().withProtocol("TCP")
                .withNewPort(port).endPort().endIngress().endSpec().build();
    }

    @Nested
    class MandatoryNetworkPolicies {

        final String ns = "np-" + SEQUENCE.incrementAndGet();

        MandatoryNetworkPolicies() {
            api.createNamespace(ns, Map.of());
            operatorsPolicies(ns).forEach(api::create);
            // The policies are in force (with their parameter) once a cluster admin's delete of a mandatory rule is forbidden.
            eventually(() -> assertThat(forbidden(() -> as(ADMIN).resource(policy(ns, "vc1-mi-healthprobe-in")).dryRun().delete())).isTrue());
        }

        @Test
        void nobodyButTheOperatorMayDeleteOrChangeAMandatoryRuleClusterAdminsIncluded() {
            NetworkPolicy probe = policy(ns, "vc1-mi-healthprobe-in");
            assertThat(refusal(() -> as(ADMIN).resource(probe).delete())).isEqualTo(
                    "networkpolicies.networking.k8s.io \"vc1-mi-healthprobe-in\" is forbidden: ValidatingAdmissionPolicy"
                            + " 'sqlmi-network-intent-policy' with binding 'sqlmi-network-intent-policy' denied request: NetworkPolicy "
                            + ns + "/vc1-mi-healthprobe-in enforces the mandatory security rule"
                            + " Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-0-0-0-24 of VirtualCluster vc1: Azure's"
                            + " network intent policy keeps mandatory rules in place so that the management traffic of SQL Managed"
                            + " Instance keeps flowing, and only the sqlmi operator may delete them (refused for cluster-admin-alice)."
                            + " To allow or deny other traffic, add a rule to spec.networkSecurityGroup.securityRules of VirtualCluster"
                            + " vc1; deleting the VirtualCluster removes its rules.");
            assertThat(refusal(() -> as(ADMIN).resource(withPort(probe, 80)).update()))
                    .contains("only the sqlmi operator may change them (refused for cluster-admin-alice)");
            assertThat(refusal(() -> as(ADMIN).network().networkPolicies().inNamespace(ns).withName("vc1-mi-healthprobe-in")
                    .edit(p -> {
                        p.getMetadata().getLabels().remove(NetworkPolicyCompiler.ORIGIN_LABEL);
                        return p;
                    }))).as("removing the label is a change too").contains("only the sqlmi operator may change them");
            assertThat(refusal(() -> as(OPERATOR + "-impostor").resource(policy(ns, "vc1-mi-aad-out")).delete()))
                    .contains("(refused for " + OPERATOR + "-impostor)");
            assertThat(policy(ns, "vc1-mi-healthprobe-in").getSpec()).isEqualTo(probe.getSpec());
        }

        @Test
        void platformDnsIsProtectedWithItsOwnReason() {
            assertThat(refusal(() -> as(ADMIN).resource(policy(ns, "vc1-platform-dns-out")).delete())).endsWith(
                    "NetworkPolicy " + ns + "/vc1-platform-dns-out keeps platform DNS (the AzurePlatformDNS service tag) reachable"
                            + " from the subnet of VirtualCluster vc1: blocking platform DNS renders SQL Managed Instance unavailable"
                            + " (an unsupported configuration), so only the sqlmi operator may delete it (refused for"
                            + " cluster-admin-alice). Deleting the VirtualCluster removes it.");
        }

        @Test
        void theOperatorMayChangeRestoreAndDeleteThem() {
            NetworkPolicy probe = policy(ns, "vc1-mi-healthprobe-in");
            NetworkPolicy changed = as(OPERATOR).resource(withPort(probe, 80)).update();
            as(OPERATOR).resource(new NetworkPolicyBuilder(changed).withSpec(probe.getSpec()).build()).update();
            assertThat(policy(ns, "vc1-mi-healthprobe-in").getSpec()).isEqualTo(probe.getSpec());
            as(OPERATOR).resource(policy(ns, "vc1-mi-internal-in")).delete();
            assertThat(policy(ns, "vc1-mi-internal-in")).isNull();
        }

        @Test
        void theGarbageCollectorAndTheNamespaceControllerMayDeleteThemAndOrphanThemButNotChangeThem() {
            for (String controller : List.of(CONTROLLER_MANAGER, GARBAGE_COLLECTOR, NAMESPACE_CONTROLLER)) {
                NetworkPolicy probe = policy(ns, "vc1-mi-aad-out");
                as(controller).resource(probe).dryRun().delete();
                assertThat(refusal(() -> as(controller).resource(new NetworkPolicyBuilder(probe).editSpec()
                        .withPolicyTypes("Egress", "Ingress").endSpec().build()).update()))
                        .contains("(refused for " + controller + ")");
                as(controller).resource(new NetworkPolicyBuilder(probe).editMetadata().withOwnerReferences(List.of())
                        .endMetadata().build()).dryRun().update();
            }
        }

        @Test
        void rulesOutsideTheIntentPolicyStayTheUsersToBreakAndTheOperatorsToRestore() {
            as(ADMIN).resource(withPort(policy(ns, "vc1-user-allow-tds-inbound-in"), 1434)).update();
            as(ADMIN).resource(policy(ns, "vc1-default-allowvnetinbound-in")).delete();
            as(ADMIN).resource(policy(ns, "vc1-private-endpoints-in")).delete();
        }

        @Test
        void anOperatorKnownByItsGroupMayChangeThem() {
            NetworkPolicy probe = policy(ns, "vc1-mi-aad-out");
            KubernetesClient laptop = as("operator-on-a-laptop", "sqlmi:operators");
            assertThat(forbidden(() -> laptop.resource(probe).dryRun().delete())).isTrue();
            try {
                applyNetworkIntentPolicy("['sqlmi:operators', 'other']");
                eventually(() -> laptop.resource(probe).dryRun().delete());
            } finally {
                applyNetworkIntentPolicy("[]");
                eventually(() -> assertThat(forbidden(() -> laptop.resource(probe).dryRun().delete())).isTrue());
            }
        }

        /** The shipped network intent policy with another operatorGroups. */
        void applyNetworkIntentPolicy(String groups) {
            ValidatingAdmissionPolicy policy = shippedAdmission().stream().filter(ValidatingAdmissionPolicy.class::isInstance)
                    .map(ValidatingAdmissionPolicy.class::cast)
                    .filter(p -> "sqlmi-network-intent-policy".equals(p.getMetadata().getName())).findFirst().orElseThrow();
            policy.getSpec().getVariables().stream().filter(v -> "operatorGroups".equals(v.getName())).findFirst().orElseThrow()
                    .setExpression(groups);
            api.client().resource(policy).forceConflicts().serverSideApply();
        }
    }

    // ---- delegated subnets: workloads and the delegation label ----

    static OwnerReference controller(String kind, String name) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name)
                .withUid("00000000-0000-0000-0000-00000000000" + (kind.length() % 10)).withController(true).build();
    }

    static Pod pod(String namespace, String name, OwnerReference... owners) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withOwnerReferences(owners).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("registry.example/app:1").endContainer().endSpec().build();
    }

    static StatefulSet statefulSet(String namespace, String name) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("engine:1")
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Nested
    class DelegatedSubnets {

        final String subnet = "subnet-" + SEQUENCE.incrementAndGet();
        final String apps = "apps-" + SEQUENCE.incrementAndGet();

        DelegatedSubnets() {
            api.createNamespace(subnet, Map.of("sqlmi.io/virtual-network", "vnet-a", "sqlmi.io/delegated-subnet", "vc1"));
            api.createNamespace(apps, Map.of("sqlmi.io/virtual-network", "vnet-a"));
            for (String namespace : List.of(subnet, apps)) {
                // No controller manager here: the ServiceAccount admission plugin needs the default account.
                api.create(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(namespace).endMetadata().build());
            }
            eventually(() -> assertThat(forbidden(() -> as(ADMIN).resource(pod(subnet, "probe")).dryRun().create())).isTrue());
        }

        String refusedFor(String what) {
            return "Namespace " + subnet + " is the subnet of VirtualCluster vc1, delegated to Microsoft.Sql/managedInstances: a"
                    + " delegated subnet holds SQL Managed Instance resources only, so only the sqlmi operator's workloads run here"
                    + " and " + what + " is refused (requested by cluster-admin-alice). Run it in another namespace of the virtual"
                    + " network (label sqlmi.io/virtual-network: vnet-a); it reaches the instances through their endpoints.";
        }

        @Test
        void noPodOrWorkloadButTheOperatorsRunsInADelegatedSubnet() {
            KubernetesClient admin = as(ADMIN);
            assertThat(refusal(() -> admin.resource(pod(subnet, "debug")).create())).endsWith(refusedFor("pod debug"));
            Map<String, Function<String, HasMetadata>> workloads = new LinkedHashMap<>();
            workloads.put("statefulset", n -> statefulSet(subnet, n));
            workloads.put("deployment", n -> new DeploymentBuilder().withNewMetadata().withName(n).withNamespace(subnet)
                    .endMetadata().withSpec(new io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder()
                            .withSelector(statefulSet(subnet, n).getSpec().getSelector())
                            .withTemplate(statefulSet(subnet, n).getSpec().getTemplate()).build()).build());
            workloads.put("replicaset", n -> new ReplicaSetBuilder().withNewMetadata().withName(n).withNamespace(subnet).endMetadata()
                    .withNewSpec().withSelector(statefulSet(subnet, n).getSpec().getSelector())
                    .withTemplate(statefulSet(subnet, n).getSpec().getTemplate()).endSpec().build());
            workloads.put("daemonset", n -> new DaemonSetBuilder().withNewMetadata().withName(n).withNamespace(subnet).endMetadata()
                    .withNewSpec().withSelector(statefulSet(subnet, n).getSpec().getSelector())
                    .withTemplate(statefulSet(subnet, n).getSpec().getTemplate()).endSpec().build());
            workloads.put("replicationcontroller", n -> new ReplicationControllerBuilder().withNewMetadata().withName(n)
                    .withNamespace(subnet).endMetadata().withNewSpec().addToSelector("app", n)
                    .withTemplate(statefulSet(subnet, n).getSpec().getTemplate()).endSpec().build());
            workloads.put("job", n -> new JobBuilder().withNewMetadata().withName(n).withNamespace(subnet).endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
                    .withImage("x:1").endContainer().endSpec().endTemplate().endSpec().build());
            workloads.put("cronjob", n -> new CronJobBuilder().withNewMetadata().withName(n).withNamespace(subnet).endMetadata()
                    .withNewSpec().withSchedule("@daily").withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
                    .withRestartPolicy("Never").addNewContainer().withName("c").withImage("x:1").endContainer().endSpec()
                    .endTemplate().endSpec().endJobTemplate().endSpec().build());
            workloads.forEach((kind, workload) -> assertThat(refusal(() -> admin.resource(workload.apply("mine")).create()))
                    .as(kind).endsWith(refusedFor(kind + " mine")));
        }

        @Test
        void theOperatorCreatesItsWorkloadsAndTheControllersStartTheirPods() {
            as(OPERATOR).resource(statefulSet(subnet, "mi1")).create();
            as(OPERATOR).resource(new DeploymentBuilder().withNewMetadata().withName("vc1-gateway").withNamespace(subnet).endMetadata()
                    .withSpec(new io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder()
                            .withSelector(statefulSet(subnet, "gw").getSpec().getSelector())
                            .withTemplate(statefulSet(subnet, "gw").getSpec().getTemplate()).build()).build()).create();
            for (String user : List.of(CONTROLLER_MANAGER, "system:serviceaccount:kube-system:statefulset-controller")) {
                as(user).resource(pod(subnet, "mi1-0", controller("StatefulSet", "mi1"))).dryRun().create();
            }
            as("system:serviceaccount:kube-system:replicaset-controller")
                    .resource(pod(subnet, "vc1-gateway-abc12", controller("ReplicaSet", "vc1-gateway-7d9"))).dryRun().create();
            as("system:serviceaccount:kube-system:deployment-controller").resource(new ReplicaSetBuilder().withNewMetadata()
                    .withName("vc1-gateway-7d9").withNamespace(subnet).withOwnerReferences(controller("Deployment", "vc1-gateway"))
                    .endMetadata().withNewSpec().withSelector(statefulSet(subnet, "gw").getSpec().getSelector())
                    .withTemplate(statefulSet(subnet, "gw").getSpec().getTemplate()).endSpec().build()).dryRun().create();
        }

        @Test
        void theControllersStartNothingThatIsNotTheOperatorsWorkload() {
            assertThat(refusal(() -> as(CONTROLLER_MANAGER).resource(pod(subnet, "loose")).create()))
                    .contains("pod loose is refused (requested by system:kube-controller-manager)");
            assertThat(refusal(() -> as(CONTROLLER_MANAGER).resource(pod(subnet, "agent-x1", controller("DaemonSet", "agent"))).create()))
                    .contains("pod agent-x1 is refused");
        }

        @Test
        void othersMayNotChangeTheOperatorsWorkloadsOrPods() {
            as(OPERATOR).resource(statefulSet(subnet, "mi2")).create();
            Pod engine = as(CONTROLLER_MANAGER).resource(pod(subnet, "mi2-0", controller("StatefulSet", "mi2"))).create();
            assertThat(refusal(() -> as(ADMIN).apps().statefulSets().inNamespace(subnet).withName("mi2").edit(s -> {
                s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone-elses:1");
                return s;
            }))).endsWith(refusedFor("statefulset mi2"));
            assertThat(refusal(() -> as(ADMIN).apps().statefulSets().inNamespace(subnet).withName("mi2").scale(3)))
                    .contains("is refused (requested by cluster-admin-alice)");
            assertThat(refusal(() -> as(ADMIN).pods().inNamespace(subnet).withName("mi2-0").ephemeralContainers().edit(p -> {
                p.getSpec().getEphemeralContainers().add(new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder()
                        .withName("debugger").withImage("busybox:1").build());
                return p;
            }))).endsWith(refusedFor("pod mi2-0"));
            // Orphaning (the garbage collector takes the owner reference away) keeps running what was admitted.
            as(GARBAGE_COLLECTOR).resource(new PodBuilder(engine).editMetadata().withOwnerReferences(List.of()).endMetadata()
                    .build()).update();
        }

        @Test
        void theVirtualNetworksOwnNamespacesStayFree() {
            as(ADMIN).resource(pod(apps, "client")).create();
            as(ADMIN).resource(statefulSet(apps, "app")).create();
        }

        @Test
        void theDelegationLabelStaysUntilTheOperatorRemovesIt() {
            String message = refusal(() -> as(ADMIN).namespaces().withName(subnet).edit(n -> {
                n.getMetadata().getLabels().remove("sqlmi.io/delegated-subnet");
                return n;
            }));
            assertThat(message).endsWith("Namespace " + subnet + " is the subnet of VirtualCluster vc1, delegated to"
                    + " Microsoft.Sql/managedInstances: as in Azure, the delegation cannot be removed while the subnet holds a virtual"
                    + " cluster, so only the sqlmi operator may change or remove the label sqlmi.io/delegated-subnet (refused for"
                    + " cluster-admin-alice). Delete the VirtualCluster; the operator then removes the label.");
            assertThat(refusal(() -> as(ADMIN).namespaces().withName(subnet).edit(n -> {
                n.getMetadata().getLabels().put("sqlmi.io/delegated-subnet", "vc2");
                return n;
            }))).contains("may change or remove the label sqlmi.io/delegated-subnet");
            as(ADMIN).namespaces().withName(subnet).edit(n -> new NamespaceBuilder(n).editMetadata()
                    .addToLabels("team", "data").endMetadata().build());

            String fresh = "subnet-" + SEQUENCE.incrementAndGet();
            api.createNamespace(fresh, Map.of());
            as(ADMIN).namespaces().withName(fresh).edit(n -> new NamespaceBuilder(n).editMetadata()
                    .addToLabels("sqlmi.io/delegated-subnet", "vc9").endMetadata().build());
            as(OPERATOR).namespaces().withName(fresh).edit(n -> {
                n.getMetadata().getLabels().remove("sqlmi.io/delegated-subnet");
                return n;
            });
            assertThat(api.client().namespaces().withName(fresh).get().getMetadata().getLabels()).doesNotContainKey("sqlmi.io/delegated-subnet");
        }
    }
}
