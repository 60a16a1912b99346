package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A subnet with three instances (GP, BC, GP): every child object, every status field, every mandatory rule. */
class VirtualClusterWithThreeInstancesIT {

    static final List<String> INSTANCES = List.of("alpha", "bravo", "charlie");

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("three");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    private String ns() {
        return namespace.name();
    }

    private void createSubnetWithThreeInstances() {
        CustomResources.create(ns(), CustomResources.virtualClusterYaml("vc1", "10.1.0.0/24"));
        CustomResources.create(ns(), CustomResources.instanceYaml("alpha", "vc1", "GeneralPurpose", 4, 64));
        CustomResources.create(ns(), CustomResources.instanceYaml("bravo", "vc1", "BusinessCritical", 8, 256));
        CustomResources.create(ns(), CustomResources.instanceYaml("charlie", "vc1", "GeneralPurpose", 16, 1024));
        Wait.untilReady(ns(), "VirtualCluster/vc1", "ManagedInstance/alpha", "ManagedInstance/bravo", "ManagedInstance/charlie");
    }

    @Test
    void everyInstanceGetsItsEngineServicesSecretsAndVNetLocalEndpoint() {
        createSubnetWithThreeInstances();
        Map<String, Integer> replicas = Map.of("alpha", 1, "bravo", 4, "charlie", 1);
        Map<String, String> storage = Map.of("alpha", "64Gi", "bravo", "256Gi", "charlie", "1024Gi");
        for (String mi : INSTANCES) {
            GenericKubernetesResource instance = CustomResources.managedInstance(ns(), mi);
            StatefulSet sts = client().apps().statefulSets().inNamespace(ns()).withName(mi).get();
            assertThat(sts.getSpec().getReplicas()).as(mi).isEqualTo(replicas.get(mi));
            assertThat(sts.getStatus().getReadyReplicas()).isEqualTo(replicas.get(mi));
            assertOwnedAndLabelled(sts, instance, "engine");
            assertThat(sts.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim ->
                    assertThat(Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests().get("storage")))
                            .isEqualByComparingTo(Quantity.getAmountInBytes(new Quantity(storage.get(mi)))));
            assertThat(client().persistentVolumeClaims().inNamespace(ns()).list().getItems().stream()
                    .filter(c -> c.getMetadata().getName().startsWith("data-" + mi + "-")))
                    .hasSize(replicas.get(mi)).allSatisfy(c -> assertThat(c.getStatus().getPhase()).isEqualTo("Bound"));
            Map<String, String> env = sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getValue() != null).collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
            assertThat(env).containsEntry("ACCEPT_EULA", "Y").containsEntry("MSSQL_TCP_PORT", "1433")
                    .containsEntry("SQLMI_INSTANCE_NAME", mi).containsEntry("SQLMI_ADMIN_LOGIN", "sqladmin");
            assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(OperatorProcess.ENGINE_IMAGE);

            Service headless = client().services().inNamespace(ns()).withName(mi + "-engine").get();
            assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
            assertOwnedAndLabelled(headless, instance, "engine-replicas");
            Service primary = client().services().inNamespace(ns()).withName(mi + "-primary").get();
            int redirectPort = CustomResources.<Number>at(instance, "status", "redirectPort").intValue();
            assertThat(primary.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(1433, redirectPort);
            assertThat(primary.getSpec().getSelector()).containsEntry("statefulset.kubernetes.io/pod-name", mi + "-0");

            Secret connection = client().secrets().inNamespace(ns()).withName(mi + "-connection").get();
            assertThat(connection.getData()).containsOnlyKeys("host", "port", "username", "password", "jdbcUrl",
                    "odbcConnectionString", "adoNetConnectionString", "goConnectionString", "ca.crt", "truststore.jks");
            Secret engineTls = client().secrets().inNamespace(ns()).withName(mi + "-engine-tls").get();
            assertThat(engineTls.getType()).isEqualTo("kubernetes.io/tls");
            assertThat(engineTls.getData().get("ca.crt")).as("the CA clients are given").isEqualTo(connection.getData().get("ca.crt"));
            assertOwnedAndLabelled(engineTls, instance, "engine-tls");
            assertThat(decode(connection, "host")).isEqualTo(at(instance, "status", "fullyQualifiedDomainName"));
            assertThat(decode(connection, "password")).isEqualTo(decode(
                    client().secrets().inNamespace(ns()).withName(mi + "-admin").get(), "password"));
            assertThat(client().secrets().inNamespace(ns()).withName(mi + "-engine-credentials").get().getData())
                    .containsKey("sa-password");

            GenericKubernetesResource vnetLocal = CustomResources.endpoint(ns(), mi + "-vnet-local");
            assertThat(state(vnetLocal)).isEqualTo("Ready");
            assertThat(CustomResources.<String>at(vnetLocal, "spec", "type")).isEqualTo("VNetLocal");
            assertThat(CustomResources.<String>at(vnetLocal, "status", "host")).isEqualTo(at(instance, "status", "fullyQualifiedDomainName"));
            assertThat(vnetLocal.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(instance.getMetadata().getUid()));
        }
    }

    @Test
    void statusReportsHostNamesDistinctRedirectPortsReplicasAndConditions() {
        createSubnetWithThreeInstances();
        GenericKubernetesResource vc = CustomResources.virtualCluster(ns(), "vc1");
        String zone = at(vc, "status", "dnsZone");
        assertThat(zone).matches("[0-9a-f]{12}");
        assertThat(CustomResources.<Number>at(vc, "status", "instances").intValue()).isEqualTo(3);
        assertThat(CustomResources.<String>at(vc, "status", "gateway", "serviceName")).isEqualTo("vc1-gateway");
        assertThat(CustomResources.<String>at(vc, "status", "gateway", "address")).as("network + 4 of the subnet").isEqualTo(
                client().services().inNamespace(ns()).withName("vc1-gateway").get().getStatus().getLoadBalancer()
                        .getIngress().get(0).getIp());
        assertReadyCondition(vc);

        Set<Integer> ports = new HashSet<>();
        for (String mi : INSTANCES) {
            GenericKubernetesResource instance = CustomResources.managedInstance(ns(), mi);
            assertThat(CustomResources.<String>at(instance, "status", "fullyQualifiedDomainName"))
                    .isEqualTo(mi + "." + zone + ".database.windows.net");
            assertThat(CustomResources.<String>at(instance, "status", "dnsZone")).isEqualTo(zone);
            assertThat(CustomResources.<String>at(instance, "status", "connectionType")).isEqualTo("Redirect");
            int port = CustomResources.<Number>at(instance, "status", "redirectPort").intValue();
            assertThat(port).isBetween(11000, 11999);
            ports.add(port);
            assertThat(CustomResources.<String>at(instance, "status", "primaryReplica")).isEqualTo(mi + "-0");
            assertThat(CustomResources.<String>at(instance, "status", "connectionSecretName")).isEqualTo(mi + "-connection");
            assertThat(CustomResources.<String>at(instance, "status", "vmGroup")).isEqualTo("standardseries-systemdefault");
            int desired = "bravo".equals(mi) ? 4 : 1;
            assertThat(CustomResources.<Map<String, Object>>at(instance, "status", "replicas")).containsEntry("desired", desired)
                    .containsEntry("ready", desired);
            assertThat(CustomResources.<List<String>>at(instance, "status", "readableSecondaries"))
                    .hasSize(desired - 1);
            List<Map<String, Object>> endpoints = at(instance, "status", "endpoints");
            assertThat(endpoints).singleElement().satisfies(e -> assertThat(e)
                    .containsEntry("name", mi + "-vnet-local").containsEntry("type", "VNetLocal")
                    .containsEntry("host", mi + "." + zone + ".database.windows.net").containsEntry("port", 1433)
                    .containsEntry("connectionType", "Redirect"));
            assertReadyCondition(instance);
        }
        assertThat(ports).hasSize(3);
    }

    @Test
    void gatewayDeploymentServiceAndRoutingTableServeTheInstances() throws Exception {
        createSubnetWithThreeInstances();
        GenericKubernetesResource vc = CustomResources.virtualCluster(ns(), "vc1");
        Deployment gateway = client().apps().deployments().inNamespace(ns()).withName("vc1-gateway").get();
        assertThat(gateway.getSpec().getReplicas()).isEqualTo(2);
        assertOwnedAndLabelled(gateway, vc, "gateway");
        Service service = client().services().inNamespace(ns()).withName("vc1-gateway").get();
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(1433);

        String routes = client().configMaps().inNamespace(ns()).withName("vc1-gateway-routes").get().getData().get("routes.json");
        JsonNode table = new ObjectMapper().readTree(routes);
        String zone = at(vc, "status", "dnsZone");
        assertThat(table.get("dnsZone").asText()).isEqualTo(zone);
        assertThat(table.get("instances")).hasSize(3);
        for (JsonNode route : table.get("instances")) {
            String mi = route.get("name").asText();
            GenericKubernetesResource instance = CustomResources.managedInstance(ns(), mi);
            assertThat(route.get("hosts").get(0).get("host").asText()).isEqualTo(mi + "." + zone + ".database.windows.net");
            assertThat(route.get("hosts").get(0).get("connectionType").asText()).isEqualTo("Redirect");
            assertThat(route.get("redirect").get("port").asInt()).isEqualTo(CustomResources.<Number>at(instance, "status", "redirectPort").intValue());
            assertThat(route.get("engine").get("host").asText()).isEqualTo(mi + "-primary." + ns() + ".svc.cluster.local");
            assertThat(route.get("minimalTlsVersion").asText()).isEqualTo("1.2");
        }
    }

    @Test
    void mandatoryRulesBecomeNetworkPoliciesWithTheirPortsAndPeers() {
        createSubnetWithThreeInstances();
        GenericKubernetesResource vc = CustomResources.virtualCluster(ns(), "vc1");
        Map<String, NetworkPolicy> policies = client().network().networkPolicies().inNamespace(ns())
                .withLabel("sqlmi.io/rule-origin", "Mandatory").list().getItems().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getAnnotations().get("sqlmi.io/rule"), p -> p));
        assertThat(policies).containsOnlyKeys("healthprobe-in", "internal-in", "AAD-out", "OneDsCollector-out",
                "internal-out", "StorageP-out", "StorageS-out");
        policies.values().forEach(p -> {
            assertOwnedAndLabelled(p, vc, "network-policy");
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getMetadata().getAnnotations().get("sqlmi.io/azure-name"))
                    .startsWith("Microsoft.Sql-managedInstances_UseOnly_mi-").endsWith("-10-1-0-0-24");
        });

        NetworkPolicy healthProbe = policies.get("healthprobe-in");
        assertThat(healthProbe.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(healthProbe.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).isNullOrEmpty();
            assertThat(rule.getFrom()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("168.63.129.16/32");
        });
        for (String internal : List.of("internal-in", "internal-out")) {
            NetworkPolicy p = policies.get(internal);
            List<NetworkPolicyPeer> peers = internal.endsWith("in") ? p.getSpec().getIngress().get(0).getFrom()
                    : p.getSpec().getEgress().get(0).getTo();
            List<NetworkPolicyPort> ports = internal.endsWith("in") ? p.getSpec().getIngress().get(0).getPorts()
                    : p.getSpec().getEgress().get(0).getPorts();
            assertThat(peers).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector()).isNotNull();
                assertThat(peer.getPodSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(peer.getNamespaceSelector()).isNull();
            });
            assertThat(ports).isNullOrEmpty();
        }
        assertEgress(policies.get("AAD-out"), List.of("TCP/443"), List.of("20.190.128.0/18", "40.126.0.0/18"));
        assertEgress(policies.get("OneDsCollector-out"), List.of("TCP/443"), List.of("0.0.0.0/0"));
        assertEgress(policies.get("StorageP-out"), List.of("TCP/443", "UDP/443"), List.of("0.0.0.0/0"));
        assertEgress(policies.get("StorageS-out"), List.of("TCP/443", "UDP/443"), List.of("0.0.0.0/0"));

        List<Map<String, Object>> effective = at(vc, "status", "securityRules");
        assertThat(effective.stream().filter(r -> "Mandatory".equals(r.get("origin"))).map(r -> r.get("name")))
                .containsExactlyInAnyOrder("Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in",
                        "Microsoft.Sql-managedInstances_UseOnly_mi-internal-in",
                        "Microsoft.Sql-managedInstances_UseOnly_mi-AAD-out",
                        "Microsoft.Sql-managedInstances_UseOnly_mi-OneDsCollector-out",
                        "Microsoft.Sql-managedInstances_UseOnly_mi-internal-out",
                        "Microsoft.Sql-managedInstances_UseOnly_mi-StorageP-out",
                        "Microsoft.Sql-managedInstances_UseOnly_mi-StorageS-out");
        List<Map<String, Object>> routes = at(vc, "status", "routes");
        assertThat(routes).extracting(r -> r.get("addressPrefix")).contains("10.1.0.0/24", "AzureActiveDirectory",
                "OneDsCollector", "Storage.primaryRegion", "Storage.secondaryRegion");
        assertThat(routes).hasSize(5);
    }

    private static void assertEgress(NetworkPolicy policy, List<String> ports, List<String> cidrs) {
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactlyInAnyOrderElementsOf(ports);
            assertThat(rule.getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactlyElementsOf(cidrs);
        });
    }

    static void assertOwnedAndLabelled(HasMetadata child, GenericKubernetesResource owner, String component) {
        assertThat(child.getMetadata().getOwnerReferences()).as(child.getMetadata().getName() + " owner")
                .singleElement().satisfies(ref -> {
                    assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
                    assertThat(ref.getController()).isTrue();
                });
        assertThat(child.getMetadata().getLabels()).as(child.getMetadata().getName() + " labels")
                .containsEntry("app.kubernetes.io/managed-by", "sqlmi-operator")
                .containsEntry("app.kubernetes.io/instance", owner.getMetadata().getName())
                .containsEntry("app.kubernetes.io/component", component)
                .containsKey("app.kubernetes.io/name");
    }

    static void assertReadyCondition(GenericKubernetesResource resource) {
        List<Map<String, Object>> conditions = at(resource, "status", "conditions");
        assertThat(conditions.get(0)).containsEntry("type", "Ready").containsEntry("status", "True")
                .containsEntry("observedGeneration", resource.getMetadata().getGeneration().intValue())
                .containsKeys("lastTransitionTime", "reason", "message");
        assertThat(condition(resource, "Ready")).isNotNull();
        assertThat(CustomResources.<Number>at(resource, "status", "observedGeneration").longValue())
                .isEqualTo(resource.getMetadata().getGeneration());
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
