package io.sqlmi.operator.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.PlatformPolicies;
import io.sqlmi.operator.network.ServiceTags;
import io.sqlmi.operator.testing.LocalApiServer;
import io.sqlmi.operator.testing.ProjectPaths;
import io.sqlmi.operator.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule of the committed CRDs (crds/, what users apply) against a real kube-apiserver: a bad object
 * is refused with 422 and the rule's message, a good one is accepted. One API server for the whole class.
 */
class CrdValidationTest {

    static final String NS = "cel";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final AtomicInteger SEQUENCE = new AtomicInteger();
    static final Object REMOVE = new Object();

    static final ResourceDefinitionContext VIRTUAL_CLUSTERS = context("VirtualCluster", "virtualclusters");
    static final ResourceDefinitionContext MANAGED_INSTANCES = context("ManagedInstance", "managedinstances");
    static final ResourceDefinitionContext ENDPOINTS = context("Endpoint", "endpoints");

    static LocalApiServer api;

    static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("sqlmi.io").withVersion("v1alpha1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    @BeforeAll
    static void startApiServer() {
        api = LocalApiServer.startWithCrds();
        api.createNamespace(NS, Map.of());
    }

    @AfterAll
    static void stopApiServer() {
        if (api != null) {
            api.close();
        }
    }

    // ---- objects as YAML maps, mutated by path ("spec.networkSecurityGroup.securityRules[1].priority") ----

    static Map<String, Object> yaml(String text) {
        try {
            return YAML.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Object value(String yamlText) {
        try {
            return YAML.readValue(yamlText, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(yamlText, e);
        }
    }

    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> root, String path, Object value) {
        String[] segments = path.split("\\.");
        Object node = root;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            int bracket = segment.indexOf('[');
            String key = bracket < 0 ? segment : segment.substring(0, bracket);
            Map<String, Object> map = (Map<String, Object>) node;
            if (bracket >= 0) {
                int index = Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1));
                List<Object> list = (List<Object>) map.get(key);
                if (last) {
                    if (value == REMOVE) {
                        list.remove(index);
                    } else {
                        list.set(index, value);
                    }
                    return;
                }
                node = list.get(index);
            } else if (last) {
                if (value == REMOVE) {
                    map.remove(key);
                } else {
                    map.put(key, value);
                }
            } else {
                node = map.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object object) {
        return api.client().getKubernetesSerialization().convertValue(object, LinkedHashMap.class);
    }

    static Consumer<Map<String, Object>> setting(String path, Object value) {
        return object -> set(object, path, value);
    }

    static Consumer<Map<String, Object>> removing(String path) {
        return setting(path, REMOVE);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    static Map<String, Object> virtualCluster() {
        return yaml("""
                apiVersion: sqlmi.io/v1alpha1
                kind: VirtualCluster
                metadata: {name: %s}
                spec:
                  virtualNetwork: vnet-a
                  peeredVirtualNetworks: [vnet-b]
                  subnet: {addressPrefix: 10.0.0.0/24, delegation: Microsoft.Sql/managedInstances}
                  architecture: Current
                  networkSecurityGroup:
                    securityRules:
                    - {name: allow_tds_inbound, priority: 1000, direction: Inbound, access: Allow, protocol: Tcp,
                       sourceAddressPrefix: VirtualNetwork, destinationPortRanges: ["1433"]}
                    - {name: allow_redirect_inbound, priority: 1100, direction: Inbound, access: Allow, protocol: Tcp,
                       sourceAddressPrefix: VirtualNetwork, destinationPortRanges: ["11000-11999"]}
                  routeTable:
                    routes:
                    - {name: to-onprem, addressPrefix: 192.168.0.0/16, nextHopType: VirtualNetworkGateway}
                """.formatted(uniqueName("vc")));
    }

    static Map<String, Object> managedInstance() {
        return yaml("""
                apiVersion: sqlmi.io/v1alpha1
                kind: ManagedInstance
                metadata: {name: %s}
                spec:
                  virtualCluster: vc1
                  tier: GeneralPurpose
                  hardware: StandardSeries
                  vCores: 4
                  storageSizeInGB: 64
                  maintenanceWindow: SystemDefault
                  proxyOverride: Redirect
                  minimalTlsVersion: "1.2"
                  administratorLogin: sqladmin
                  administratorLoginPasswordSecretRef: {name: mi1-admin, key: password}
                  zoneRedundant: false
                  engine: {image: "ghcr.io/sqlmi/engine:dev", resources: {requests: {cpu: 500m, memory: 2Gi}}}
                """.formatted(uniqueName("mi")));
    }

    static Map<String, Object> endpoint(String type) {
        return yaml("""
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: %s}
                spec:
                  type: %s
                  managedInstance: {name: mi1, namespace: sqlmi-subnet-a}
                """.formatted(uniqueName("ep"), type));
    }

    static ResourceDefinitionContext contextOf(Map<String, Object> object) {
        return switch ((String) object.get("kind")) {
            case "VirtualCluster" -> VIRTUAL_CLUSTERS;
            case "ManagedInstance" -> MANAGED_INSTANCES;
            case "Endpoint" -> ENDPOINTS;
            default -> throw new IllegalArgumentException(String.valueOf(object.get("kind")));
        };
    }

    static GenericKubernetesResource create(Map<String, Object> object) {
        GenericKubernetesResource resource = api.client().getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class);
        return api.client().genericKubernetesResources(contextOf(object)).inNamespace(NS).resource(resource).create();
    }

    /** Reads the stored object back, changes it and writes it with its resourceVersion (an update, as kubectl edit). */
    static GenericKubernetesResource update(GenericKubernetesResource stored, Consumer<Map<String, Object>> change) {
        var serialization = api.client().getKubernetesSerialization();
        Map<String, Object> object = toMap(stored);
        change.accept(object);
        GenericKubernetesResource changed = serialization.convertValue(object, GenericKubernetesResource.class);
        ResourceDefinitionContext context = contextOf(object);
        return api.client().genericKubernetesResources(context).inNamespace(NS).resource(changed).update();
    }

    static void assertRefused(Runnable request, String expectedMessage) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, request::run);
        assertThat(refused).as("the API server refuses the object with \"%s\"", expectedMessage).isNotNull();
        assertThat(refused.getCode()).as("HTTP status of %s", refused.getMessage()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).contains(expectedMessage);
    }

    static Arguments invalid(String description, Map<String, Object> base, Consumer<Map<String, Object>> change, String message) {
        change.accept(base);
        return arguments(named(description, base), message);
    }

    // ---- good objects ----

    @Nested
    class GoodObjects {

        @Test
        void theSamplesOfApiMdAreAccepted() {
            assertThat(create(virtualCluster()).getMetadata().getUid()).isNotBlank();
            assertThat(create(managedInstance()).getMetadata().getUid()).isNotBlank();
            for (String type : List.of("VNetLocal", "Public", "Private")) {
                assertThat(create(endpoint(type)).getMetadata().getUid()).isNotBlank();
            }
        }

        @Test
        void minimalObjectsAreAccepted() {
            Map<String, Object> vc = virtualCluster();
            ((Map<?, ?>) vc.get("spec")).keySet().retainAll(List.of("virtualNetwork", "subnet"));
            Map<String, Object> mi = managedInstance();
            ((Map<?, ?>) mi.get("spec")).keySet().retainAll(List.of("virtualCluster", "tier", "vCores", "storageSizeInGB",
                    "administratorLogin"));
            Map<String, Object> ep = endpoint("Public");
            set(ep, "spec.managedInstance", value("{name: mi1}"));

            assertThat(create(vc).getMetadata().getUid()).isNotBlank();
            assertThat(create(mi).getMetadata().getUid()).isNotBlank();
            assertThat(create(ep).getMetadata().getUid()).isNotBlank();
        }

        @Test
        void theSampleManifestsOfTheRepositoryAreAccepted() throws IOException {
            List<HasMetadata> created = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.list(ProjectPaths.repositoryRoot().resolve("samples"))) {
                for (var file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (HasMetadata item : api.client().load(in).items()) {
                            if (item instanceof Namespace namespace) {
                                created.add(api.client().resource(namespace).create());
                            } else {
                                Map<String, Object> object = toMap(item);
                                GenericKubernetesResource resource = api.client().getKubernetesSerialization()
                                        .convertValue(object, GenericKubernetesResource.class);
                                created.add(api.client().genericKubernetesResources(contextOf(object))
                                        .inNamespace(item.getMetadata().getNamespace()).resource(resource).create());
                            }
                        }
                    }
                }
            }
            assertThat(created).extracting(HasMetadata::getKind).contains("VirtualCluster", "ManagedInstance", "Endpoint");
        }

        @Test
        void boundaryValuesAreAccepted() {
            Map<String, Object> smallest = virtualCluster();
            set(smallest, "spec.subnet.addressPrefix", "10.0.0.0/27");
            set(smallest, "spec.networkSecurityGroup.securityRules[0].priority", 100);
            set(smallest, "spec.networkSecurityGroup.securityRules[1].priority", 4096);
            Map<String, Object> sharedPriority = virtualCluster();
            set(sharedPriority, "spec.networkSecurityGroup.securityRules[1]", value("""
                    {name: out_1000, priority: 1000, direction: Outbound, access: Deny, protocol: "*",
                     sourceAddressPrefix: "*", destinationAddressPrefix: Internet, destinationPortRange: "*"}"""));
            Map<String, Object> small = managedInstance();
            set(small, "spec.storageSizeInGB", 32);
            set(small, "spec.vCores", 128);
            Map<String, Object> large = managedInstance();
            set(large, "spec.storageSizeInGB", 16384);
            set(large, "spec.tier", "BusinessCritical");
            set(large, "spec.hardware", "PremiumSeriesMemoryOptimized");
            set(large, "spec.minimalTlsVersion", "None");
            set(large, "spec.proxyOverride", "Proxy");
            set(large, "spec.maintenanceWindow", "Weekend");
            Map<String, Object> appliance = virtualCluster();
            set(appliance, "spec.routeTable.routes[0]", value(
                    "{name: via-nva, addressPrefix: 0.0.0.0/0, nextHopType: VirtualAppliance, nextHopIpAddress: 10.1.0.4}"));
            Map<String, Object> vnetLocalRedirect = endpoint("VNetLocal");
            set(vnetLocalRedirect, "spec.connectionType", "Redirect");
            Map<String, Object> publicProxy = endpoint("Public");
            set(publicProxy, "spec.connectionType", "Proxy");

            for (Map<String, Object> object : List.of(smallest, sharedPriority, small, large, appliance, vnetLocalRedirect, publicProxy)) {
                assertThat(create(object).getMetadata().getUid()).as("%s", object).isNotBlank();
            }
        }
    }

    // ---- VirtualCluster ----

    static Stream<Arguments> invalidVirtualClusters() {
        String rules = "spec.networkSecurityGroup.securityRules";
        String routes = "spec.routeTable.routes";
        return Stream.of(
                invalid("virtualNetwork is required", virtualCluster(), removing("spec.virtualNetwork"), "spec.virtualNetwork: Required value"),
                invalid("virtualNetwork is a DNS label", virtualCluster(), setting("spec.virtualNetwork", "VNet_A"), "spec.virtualNetwork in body should match"),
                invalid("peered virtual networks are DNS labels", virtualCluster(), setting("spec.peeredVirtualNetworks", value("[vnet_b]")), "spec.peeredVirtualNetworks[0] in body should match"),
                invalid("subnet is required", virtualCluster(), removing("spec.subnet"), "spec.subnet: Required value"),
                invalid("addressPrefix is required", virtualCluster(), removing("spec.subnet.addressPrefix"), "spec.subnet.addressPrefix: Required value"),
                invalid("addressPrefix without prefix length", virtualCluster(), setting("spec.subnet.addressPrefix", "10.0.0.0"),
                        "subnet.addressPrefix must be an IPv4 CIDR such as 10.0.0.0/24"),
                invalid("addressPrefix that is no CIDR", virtualCluster(), setting("spec.subnet.addressPrefix", "subnet-a"),
                        "subnet.addressPrefix must be an IPv4 CIDR such as 10.0.0.0/24"),
                invalid("IPv6 subnet", virtualCluster(), setting("spec.subnet.addressPrefix", "fd00:10::/64"),
                        "IPv6 subnets are not supported by SQL Managed Instance"),
                invalid("a /28 has 16 addresses", virtualCluster(), setting("spec.subnet.addressPrefix", "10.0.0.0/28"),
                        "subnet.addressPrefix needs at least 32 addresses: use a prefix length of /27 or shorter"),
                invalid("host bits set", virtualCluster(), setting("spec.subnet.addressPrefix", "10.0.0.5/24"),
                        "subnet.addressPrefix must be a network address with no host bits set"),
                invalid("addressPrefix longer than 18", virtualCluster(), setting("spec.subnet.addressPrefix", "100.100.100.100/27x"),
                        "spec.subnet.addressPrefix: Too long"),
                invalid("delegation is required", virtualCluster(), removing("spec.subnet.delegation"), "spec.subnet.delegation: Required value"),
                invalid("delegation to another provider", virtualCluster(), setting("spec.subnet.delegation", "Microsoft.Sql/servers"),
                        "subnet.delegation must be Microsoft.Sql/managedInstances"),
                invalid("architecture enum", virtualCluster(), setting("spec.architecture", "Classic"), "spec.architecture: Unsupported value: \"Classic\""),
                invalid("dnsZonePartner needs a name", virtualCluster(), setting("spec.dnsZonePartner", value("{namespace: x}")), "spec.dnsZonePartner.name: Required value"),
                invalid("rule priority below 100", virtualCluster(), setting(rules + "[0].priority", 99), rules + "[0].priority in body should be greater than or equal to 100"),
                invalid("rule priority above 4096", virtualCluster(), setting(rules + "[0].priority", 4097), rules + "[0].priority in body should be less than or equal to 4096"),
                invalid("rule priority is required", virtualCluster(), removing(rules + "[0].priority"), rules + "[0].priority: Required value"),
                invalid("rule direction enum", virtualCluster(), setting(rules + "[0].direction", "In"), rules + "[0].direction: Unsupported value: \"In\""),
                invalid("rule access enum", virtualCluster(), setting(rules + "[0].access", "Permit"), rules + "[0].access: Unsupported value: \"Permit\""),
                invalid("rule protocol enum", virtualCluster(), setting(rules + "[0].protocol", "TCP"), rules + "[0].protocol: Unsupported value: \"TCP\""),
                invalid("rule name pattern", virtualCluster(), setting(rules + "[0].name", "allow tds"), rules + "[0].name in body should match"),
                invalid("rule names are unique", virtualCluster(), setting(rules + "[1].name", "allow_tds_inbound"), rules + "[1]: Duplicate value"),
                invalid("two inbound rules share a priority", virtualCluster(), setting(rules + "[1].priority", 1000),
                        "securityRules: two rules of the same direction share a priority; give each rule its own priority (100-4096)"),
                invalid("reserved rule name prefix", virtualCluster(), setting(rules + "[0].name", "Microsoft.Sql-managedInstances_UseOnly_mi-x"),
                        "security rule names starting with Microsoft.Sql-managedInstances_UseOnly_ are reserved for mandatory rules"),
                invalid("no source", virtualCluster(), removing(rules + "[0].sourceAddressPrefix"),
                        "security rule: set exactly one of sourceAddressPrefix and sourceAddressPrefixes"),
                invalid("two sources", virtualCluster(), setting(rules + "[0].sourceAddressPrefixes", value("[10.1.0.0/16]")),
                        "security rule: set exactly one of sourceAddressPrefix and sourceAddressPrefixes"),
                invalid("two destinations", virtualCluster(), c -> {
                    set(c, rules + "[0].destinationAddressPrefix", "*");
                    set(c, rules + "[0].destinationAddressPrefixes", value("[10.0.0.0/24]"));
                }, "security rule: set at most one of destinationAddressPrefix and destinationAddressPrefixes"),
                invalid("no ports", virtualCluster(), removing(rules + "[0].destinationPortRanges"),
                        "security rule: set exactly one of destinationPortRange and destinationPortRanges"),
                invalid("two port fields", virtualCluster(), setting(rules + "[0].destinationPortRange", "1433"),
                        "security rule: set exactly one of destinationPortRange and destinationPortRanges"),
                invalid("port pattern", virtualCluster(), setting(rules + "[0].destinationPortRanges", value("[\"14x3\"]")), rules + "[0].destinationPortRanges[0] in body should match"),
                invalid("port range pattern", virtualCluster(), c -> {
                    set(c, rules + "[0].destinationPortRanges", REMOVE);
                    set(c, rules + "[0].destinationPortRange", "1433-");
                }, rules + "[0].destinationPortRange in body should match"),
                invalid("VirtualAppliance without next hop address", virtualCluster(), setting(routes + "[0].nextHopType", "VirtualAppliance"),
                        "route: nextHopIpAddress is required when nextHopType is VirtualAppliance, and only then"),
                invalid("next hop address without VirtualAppliance", virtualCluster(), setting(routes + "[0].nextHopIpAddress", "10.1.0.4"),
                        "route: nextHopIpAddress is required when nextHopType is VirtualAppliance, and only then"),
                invalid("next hop address not IPv4", virtualCluster(), c -> {
                    set(c, routes + "[0].nextHopType", "VirtualAppliance");
                    set(c, routes + "[0].nextHopIpAddress", "10.1.0.400");
                }, "route nextHopIpAddress must be an IPv4 address"),
                invalid("IPv6 route", virtualCluster(), setting(routes + "[0].addressPrefix", "fd00::/8"),
                        "route addressPrefix: IPv6 prefixes render SQL Managed Instance unavailable"),
                invalid("reserved route name prefix", virtualCluster(), setting(routes + "[0].name", "Microsoft.Sql-managedInstances_UseOnly_mi-r"),
                        "route names starting with Microsoft.Sql-managedInstances_UseOnly_ are reserved for mandatory routes"),
                invalid("route names are unique", virtualCluster(), setting(routes, value("""
                        [{name: r, addressPrefix: 10.8.0.0/16, nextHopType: Internet}, {name: r, addressPrefix: 10.9.0.0/16, nextHopType: None}]""")),
                        routes + "[1]: Duplicate value"),
                invalid("nextHopType enum", virtualCluster(), setting(routes + "[0].nextHopType", "Gateway"), routes + "[0].nextHopType: Unsupported value: \"Gateway\""),
                invalid("route needs a nextHopType", virtualCluster(), removing(routes + "[0].nextHopType"), routes + "[0].nextHopType: Required value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVirtualClusters")
    void invalidVirtualClustersAreRefused(Map<String, Object> object, String message) {
        assertRefused(() -> create(object), message);
    }

    static Stream<Arguments> refusedVirtualClusterChanges() {
        return Stream.of(
                arguments(named("virtualNetwork", setting("spec.virtualNetwork", "vnet-z")),
                        "virtualNetwork is immutable: a subnet cannot move to another virtual network"),
                arguments(named("subnet.addressPrefix", setting("spec.subnet.addressPrefix", "10.0.0.0/23")),
                        "subnet.addressPrefix is immutable"),
                arguments(named("architecture Current -> BeforeNovember2022", setting("spec.architecture", "BeforeNovember2022")),
                        "architecture: the only allowed change is BeforeNovember2022 -> Current"),
                arguments(named("adding dnsZonePartner", setting("spec.dnsZonePartner", value("{name: vc9}"))),
                        "dnsZonePartner is immutable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedVirtualClusterChanges")
    void immutableVirtualClusterFieldsCannotChange(Consumer<Map<String, Object>> change, String message) {
        GenericKubernetesResource stored = create(virtualCluster());

        assertRefused(() -> update(stored, change), message);
    }

    @Test
    void architectureAbsentCannotBecomeBeforeNovember2022() {
        Map<String, Object> vc = virtualCluster();
        set(vc, "spec.architecture", REMOVE);
        GenericKubernetesResource stored = create(vc);

        assertRefused(() -> update(stored, setting("spec.architecture", "BeforeNovember2022")),
                "the November 2022 feature wave cannot be undone");
    }

    @Test
    void architectureBeforeNovember2022MayMoveToCurrentButNotBack() {
        Map<String, Object> vc = virtualCluster();
        set(vc, "spec.architecture", "BeforeNovember2022");
        GenericKubernetesResource old = create(vc);

        GenericKubernetesResource stillOld = update(old, setting("spec.routeTable.routes[0].addressPrefix", "192.168.0.0/17"));
        GenericKubernetesResource current = update(stillOld, setting("spec.architecture", "Current"));

        assertThat(((Map<?, ?>) current.getAdditionalProperties().get("spec")).get("architecture")).isEqualTo("Current");
        assertRefused(() -> update(current, setting("spec.architecture", "BeforeNovember2022")),
                "architecture: the only allowed change is BeforeNovember2022 -> Current");
    }

    @Test
    void dnsZonePartnerCannotChangeOrGo() {
        Map<String, Object> vc = virtualCluster();
        set(vc, "spec.dnsZonePartner", value("{namespace: sqlmi-subnet-b, name: vc2}"));
        GenericKubernetesResource stored = create(vc);

        assertRefused(() -> update(stored, setting("spec.dnsZonePartner.name", "vc3")), "dnsZonePartner is immutable");
        assertRefused(() -> update(stored, removing("spec.dnsZonePartner")), "dnsZonePartner is immutable");
        assertThat(update(stored, setting("spec.peeredVirtualNetworks", value("[vnet-b, vnet-c]"))).getMetadata().getGeneration())
                .as("other fields may change").isEqualTo(2L);
    }

    @Test
    void moreThanOneHundredRulesAreRefused() {
        Map<String, Object> vc = virtualCluster();
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(value("{name: r%d, priority: %d, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: '*', destinationPortRange: '1433'}"
                    .formatted(i, 200 + i)));
        }
        set(vc, "spec.networkSecurityGroup.securityRules", many);

        assertRefused(() -> create(vc), "must have at most 100 items");
    }

    @Test
    void portsOutsideOneTo65535OrReversedRangesAreRefused() {
        for (String port : List.of("70000", "0", "2000-1000")) {
            Map<String, Object> vc = virtualCluster();
            set(vc, "spec.networkSecurityGroup.securityRules[0].destinationPortRanges", List.of(port));
            KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () -> create(vc));
            assertThat(refused).as("destinationPortRanges [%s] refused at admission", port).isNotNull();
        }
    }

    @Test
    void ipv6PrefixesInSecurityRulesAreRefused() {
        Map<String, Object> vc = virtualCluster();
        set(vc, "spec.networkSecurityGroup.securityRules[0].sourceAddressPrefix", "fd00::/64");

        assertRefused(() -> create(vc), "IPv6");
    }

    // ---- ManagedInstance ----

    static Stream<Arguments> invalidManagedInstances() {
        return Stream.of(
                invalid("name with a dot", managedInstance(), setting("metadata.name", "mi.one"),
                        "instance name: use 1-63 lowercase letters, digits and '-'"),
                invalid("name of 64 characters", managedInstance(), setting("metadata.name", "m" + "i".repeat(63)),
                        "instance name: use 1-63 lowercase letters, digits and '-'"),
                invalid("virtualCluster is required", managedInstance(), removing("spec.virtualCluster"), "spec.virtualCluster: Required value"),
                invalid("tier is required", managedInstance(), removing("spec.tier"), "spec.tier: Required value"),
                invalid("vCores is required", managedInstance(), removing("spec.vCores"), "spec.vCores: Required value"),
                invalid("storageSizeInGB is required", managedInstance(), removing("spec.storageSizeInGB"), "spec.storageSizeInGB: Required value"),
                invalid("administratorLogin is required", managedInstance(), removing("spec.administratorLogin"), "spec.administratorLogin: Required value"),
                invalid("tier enum", managedInstance(), setting("spec.tier", "Hyperscale"), "spec.tier: Unsupported value: \"Hyperscale\""),
                invalid("hardware enum", managedInstance(), setting("spec.hardware", "Gen5"), "spec.hardware: Unsupported value: \"Gen5\""),
                invalid("maintenanceWindow enum", managedInstance(), setting("spec.maintenanceWindow", "Sunday"), "spec.maintenanceWindow: Unsupported value: \"Sunday\""),
                invalid("proxyOverride enum", managedInstance(), setting("spec.proxyOverride", "Legacy"), "spec.proxyOverride: Unsupported value: \"Legacy\""),
                invalid("minimalTlsVersion enum", managedInstance(), setting("spec.minimalTlsVersion", "1.4"), "spec.minimalTlsVersion: Unsupported value: \"1.4\""),
                invalid("6 vCores", managedInstance(), setting("spec.vCores", 6), "vCores must be one of 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128"),
                invalid("2 vCores", managedInstance(), setting("spec.vCores", 2), "vCores must be one of 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128"),
                invalid("256 vCores", managedInstance(), setting("spec.vCores", 256), "vCores must be one of 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128"),
                invalid("storage below 32", managedInstance(), setting("spec.storageSizeInGB", 0), "spec.storageSizeInGB in body should be greater than or equal to 32"),
                invalid("storage above 16384", managedInstance(), setting("spec.storageSizeInGB", 16416), "spec.storageSizeInGB in body should be less than or equal to 16384"),
                invalid("storage not a multiple of 32", managedInstance(), setting("spec.storageSizeInGB", 100),
                        "storageSizeInGB must be a multiple of 32 between 32 and 16384; round it to the next multiple of 32"),
                invalid("reserved login sa", managedInstance(), setting("spec.administratorLogin", "sa"),
                        "administratorLogin cannot be a reserved name"),
                invalid("reserved login in any case", managedInstance(), setting("spec.administratorLogin", "Administrator"),
                        "administratorLogin cannot be a reserved name"),
                invalid("login pattern", managedInstance(), setting("spec.administratorLogin", "1admin"), "spec.administratorLogin in body should match"),
                invalid("password reference needs a name", managedInstance(), setting("spec.administratorLoginPasswordSecretRef", value("{key: pw}")),
                        "spec.administratorLoginPasswordSecretRef.name: Required value"),
                invalid("a stopped Business Critical instance", managedInstance(), object -> {
                    set(object, "spec.tier", "BusinessCritical");
                    set(object, "spec.stopped", true);
                }, STOP_GENERAL_PURPOSE_ONLY),
                invalid("a stopped zone-redundant instance", managedInstance(), object -> {
                    set(object, "spec.zoneRedundant", true);
                    set(object, "spec.stopped", true);
                }, STOP_NOT_ZONE_REDUNDANT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManagedInstances")
    void invalidManagedInstancesAreRefused(Map<String, Object> object, String message) {
        assertRefused(() -> create(object), message);
    }

    @Test
    void virtualClusterAndAdministratorLoginAreImmutableWhileSizesMayChange() {
        GenericKubernetesResource stored = create(managedInstance());

        assertRefused(() -> update(stored, setting("spec.virtualCluster", "vc2")),
                "virtualCluster is immutable: an instance cannot move to another subnet here");
        assertRefused(() -> update(stored, setting("spec.administratorLogin", "otheradmin")),
                "administratorLogin is immutable: it cannot change after the instance is created");
        GenericKubernetesResource scaled = update(stored, object -> {
            set(object, "spec.vCores", 8);
            set(object, "spec.storageSizeInGB", 128);
            set(object, "spec.tier", "BusinessCritical");
        });
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
        assertRefused(() -> update(scaled, setting("spec.storageSizeInGB", 64)),
                "storageSizeInGB can only grow: volumes are expanded, never shrunk; keep the size or create a new instance");
    }

    static final String STOP_GENERAL_PURPOSE_ONLY = "stopped: only General Purpose instances stop and start, as in"
            + " Azure; a Business Critical instance keeps running: remove stopped or set it to false (or move to tier"
            + " GeneralPurpose in the same edit)";
    static final String STOP_NOT_ZONE_REDUNDANT = "stopped: a zone-redundant instance cannot stop, as in Azure: remove"
            + " stopped or set it to false (or set zoneRedundant to false in the same edit)";
    static final String STOPPED_KEEPS_CONFIGURATION = "a stopped instance keeps its configuration, as in Azure: set"
            + " stopped to false to start it, in the same edit as the change or before it";

    @Test
    void aGeneralPurposeInstanceMayBeCreatedStoppedAndStopWithAChangeInOneEdit() {
        Map<String, Object> createdStopped = managedInstance();
        set(createdStopped, "spec.stopped", true);
        assertThat(create(createdStopped).getMetadata().getGeneration()).isEqualTo(1L);

        GenericKubernetesResource stored = create(managedInstance());
        GenericKubernetesResource stopped = update(stored, object -> {
            set(object, "spec.stopped", true);
            set(object, "spec.storageSizeInGB", 128);
        });
        assertThat(stopped.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void aBusinessCriticalInstanceMovingToGeneralPurposeMayStopInTheSameEdit() {
        Map<String, Object> businessCritical = managedInstance();
        set(businessCritical, "spec.tier", "BusinessCritical");
        GenericKubernetesResource stored = create(businessCritical);

        assertRefused(() -> update(stored, setting("spec.stopped", true)), STOP_GENERAL_PURPOSE_ONLY);
        GenericKubernetesResource stopped = update(stored, object -> {
            set(object, "spec.tier", "GeneralPurpose");
            set(object, "spec.stopped", true);
        });
        assertThat(stopped.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void aStoppedInstanceKeepsItsConfigurationUntilAnEditThatStartsIt() {
        Map<String, Object> object = managedInstance();
        set(object, "spec.stopped", true);
        GenericKubernetesResource stopped = create(object);

        assertRefused(() -> update(stopped, setting("spec.vCores", 8)), STOPPED_KEEPS_CONFIGURATION);
        assertRefused(() -> update(stopped, setting("spec.storageSizeInGB", 128)), STOPPED_KEEPS_CONFIGURATION);
        assertRefused(() -> update(stopped, setting("spec.tier", "BusinessCritical")), STOPPED_KEEPS_CONFIGURATION);
        assertRefused(() -> update(stopped, setting("spec.hardware", "PremiumSeries")), STOPPED_KEEPS_CONFIGURATION);
        assertRefused(() -> update(stopped, setting("spec.minimalTlsVersion", "1.3")), STOPPED_KEEPS_CONFIGURATION);
        assertRefused(() -> update(stopped, setting("spec.engine.resources.requests.cpu", "1")), STOPPED_KEEPS_CONFIGURATION);

        GenericKubernetesResource labelled = update(stopped, setting("metadata.labels", Map.of("team", "data")));
        assertThat(labelled.getMetadata().getGeneration()).as("metadata is not configuration").isEqualTo(1L);
        GenericKubernetesResource started = update(labelled, change -> {
            set(change, "spec.stopped", false);
            set(change, "spec.vCores", 8);
            set(change, "spec.storageSizeInGB", 128);
        });
        assertThat(started.getMetadata().getGeneration()).isEqualTo(2L);
        Map<String, Object> another = managedInstance();
        set(another, "spec.stopped", true);
        GenericKubernetesResource absent = update(create(another), change -> {
            set(change, "spec.stopped", REMOVE);
            set(change, "spec.vCores", 16);
        });
        assertThat(absent.getMetadata().getGeneration()).as("absent means running").isEqualTo(2L);
    }

    // ---- Endpoint ----

    static Stream<Arguments> invalidEndpoints() {
        return Stream.of(
                invalid("type is required", endpoint("Public"), removing("spec.type"), "spec.type: Required value"),
                invalid("type enum", endpoint("Public"), setting("spec.type", "Internal"), "spec.type: Unsupported value: \"Internal\""),
                invalid("managedInstance is required", endpoint("Public"), removing("spec.managedInstance"), "spec.managedInstance: Required value"),
                invalid("managedInstance needs a name", endpoint("Public"), setting("spec.managedInstance", value("{namespace: x}")), "spec.managedInstance.name: Required value"),
                invalid("connectionType enum", endpoint("VNetLocal"), setting("spec.connectionType", "Direct"), "spec.connectionType: Unsupported value: \"Direct\""),
                invalid("public endpoint with Redirect", endpoint("Public"), setting("spec.connectionType", "Redirect"),
                        "connectionType: public and private endpoints always use the proxy connection type; remove connectionType or set it to Proxy"),
                invalid("private endpoint with Redirect", endpoint("Private"), setting("spec.connectionType", "Redirect"),
                        "connectionType: public and private endpoints always use the proxy connection type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEndpoints")
    void invalidEndpointsAreRefused(Map<String, Object> object, String message) {
        assertRefused(() -> create(object), message);
    }

    @Test
    void typeAndInstanceOfAnEndpointAreImmutableAndAPublicOneStaysProxied() {
        GenericKubernetesResource stored = create(endpoint("Public"));

        assertRefused(() -> update(stored, setting("spec.type", "Private")),
                "type is immutable: delete the Endpoint and create a new one of the other type");
        assertRefused(() -> update(stored, setting("spec.managedInstance.name", "mi2")),
                "managedInstance is immutable: create another Endpoint for the other instance");
        assertRefused(() -> update(stored, setting("spec.connectionType", "Redirect")),
                "always use the proxy connection type");
    }

    // ---- what admission accepts, the operator can enforce ----

    static List<NetworkPolicy> compiled(Map<String, Object> object, String namespace) {
        VirtualCluster vc = api.client().getKubernetesSerialization().convertValue(object, VirtualCluster.class);
        vc.getMetadata().setNamespace(namespace);
        var config = TestConfigs.shipped();
        var result = new NetworkPolicyCompiler(new ServiceTags(config.serviceTags()))
                .compile(vc, EffectiveSecurityRules.of(vc.getSpec()), List.of("vnet-a", "vnet-b"));
        List<NetworkPolicy> policies = new ArrayList<>(result.policies());
        policies.add(PlatformPolicies.platformDns(vc));
        policies.add(PlatformPolicies.privateEndpointAccess(vc, List.of("vnet-b-apps")));
        return policies;
    }

    /** Admitted rules must compile to NetworkPolicies the API server accepts; returns what it refused. */
    static List<String> refusedPolicies(Map<String, Object> admitted) {
        String namespace = uniqueName("np");
        api.createNamespace(namespace, Map.of());
        List<String> refused = new ArrayList<>();
        for (NetworkPolicy policy : compiled(admitted, namespace)) {
            try {
                api.create(policy);
            } catch (KubernetesClientException e) {
                refused.add(policy.getMetadata().getName() + ": " + e.getStatus().getMessage());
            }
        }
        return refused;
    }

    @Test
    void theCompiledPoliciesOfAdmittedRulesAreAcceptedByTheApiServer() {
        Map<String, Object> vc = virtualCluster();
        set(vc, "spec.networkSecurityGroup.securityRules", value("""
                - {name: allow_tds_inbound, priority: 1000, direction: Inbound, access: Allow, protocol: Tcp,
                   sourceAddressPrefix: VirtualNetwork, destinationPortRanges: ["1433"]}
                - {name: allow_redirect_inbound, priority: 1100, direction: Inbound, access: Allow, protocol: Tcp,
                   sourceAddressPrefix: VirtualNetwork, destinationPortRange: "11000-11999"}
                - {name: public_endpoint_inbound, priority: 1300, direction: Inbound, access: Allow, protocol: Tcp,
                   sourceAddressPrefix: Internet, destinationPortRange: "3342"}
                - {name: Corp.Admins_1, priority: 1400, direction: Inbound, access: Allow, protocol: "*",
                   sourceAddressPrefixes: [10.0.0.0/8, 192.168.7.7], destinationPortRanges: ["1433", "11000-11999", "*"]}
                - {name: deny_lab, priority: 900, direction: Inbound, access: Deny, protocol: "*",
                   sourceAddressPrefix: 10.66.0.0/16, destinationPortRange: "*"}
                - {name: to_onprem, priority: 1000, direction: Outbound, access: Allow, protocol: Udp,
                   sourceAddressPrefix: "*", destinationAddressPrefix: 192.168.0.0/16, destinationPortRange: "1-65535"}
                """));
        create(vc);

        assertThat(refusedPolicies(vc)).isEmpty();
    }

    @Test
    void everyAdmittedRuleCompilesToAnAcceptedPolicy() {
        List<String> problems = new ArrayList<>();
        for (String rule : List.of(
                "{name: big_port, priority: 2000, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: '*', destinationPortRange: '70000'}",
                "{name: reversed, priority: 2000, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: '*', destinationPortRange: '2000-1000'}",
                "{name: allow_tds_, priority: 2000, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: '*', destinationPortRange: '1433'}")) {
            Map<String, Object> vc = virtualCluster();
            set(vc, "spec.networkSecurityGroup.securityRules", List.of(value(rule)));
            try {
                create(vc);
            } catch (KubernetesClientException refusedAtAdmission) {
                continue;
            }
            refusedPolicies(vc).forEach(p -> problems.add(rule + " -> " + p));
        }
        assertThat(problems).isEmpty();
    }
}
