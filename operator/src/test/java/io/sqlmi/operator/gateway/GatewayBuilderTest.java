package io.sqlmi.operator.gateway;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withRedirectPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.testing.TestConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayBuilderTest {

    final VirtualCluster vc = virtualCluster();
    final OperatorConfig config = TestConfigs.shipped(Map.of("sqlmi.gateway.image", "registry.local/gateway:test"));

    @Test
    void deploymentRunsTheConfiguredImageWithTdsPublicPrivateAndHealthPorts() {
        Deployment deployment = GatewayBuilder.deployment(vc, 3, config.gateway(), config.certificates());

        assertThat(deployment.getMetadata().getName()).isEqualTo("vc1-gateway");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("sqlmi-subnet-a");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Container gateway = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(gateway.getImage()).isEqualTo("registry.local/gateway:test");
        assertThat(gateway.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(tuple("tds", 1433), tuple("public", 3342), tuple("private", 1435), tuple("health", 8080));
        assertThat(gateway.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(
                tuple("SQLMI_ROUTES_FILE", "/etc/sqlmi/routes/routes.json"), tuple("SQLMI_GATEWAY_PORT", "1433"),
                tuple("SQLMI_PUBLIC_PORT", "3342"), tuple("SQLMI_PRIVATE_PORT", "1435"));
        assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(gateway.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("128Mi"));
    }

    @Test
    void deploymentMountsTheRoutingTableAndSelectsItsOwnPods() {
        Deployment deployment = GatewayBuilder.deployment(vc, 2, config.gateway(), config.certificates());

        var pod = deployment.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsEntry(Labels.COMPONENT, "gateway")
                .containsEntry(Labels.INSTANCE, "vc1");
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getConfigMap() != null).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("vc1-gateway-routes"));
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getSubPath)
                .contains(tuple("routes", "/etc/sqlmi/routes", null));
        assertThat(deployment.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "sqlmi-operator")
                .containsEntry(Labels.VIRTUAL_CLUSTER, "vc1");
    }

    @Test
    void theGatewayReadsItsCertificateSecretAsADirectoryAndChecksEnginesAgainstTheCa() {
        var pod = GatewayBuilder.deployment(vc, 2, config.gateway(), config.certificates()).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).filteredOn(v -> "tls".equals(v.getName())).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("vc1-gateway-tls");
            assertThat(v.getSecret().getDefaultMode()).as("readable by the gateway's user").isEqualTo(0444);
            assertThat(v.getSecret().getOptional()).isFalse();
        });
        Container gateway = pod.getContainers().get(0);
        assertThat(gateway.getVolumeMounts()).filteredOn(m -> "tls".equals(m.getName())).singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).as("the gateway's default SQLMI_TLS_DIR").isEqualTo("/etc/sqlmi/tls");
                    assertThat(m.getSubPath()).as("renewals arrive only without subPath").isNull();
                    assertThat(m.getReadOnly()).isTrue();
                });
        assertThat(gateway.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("SQLMI_ENGINE_CA_FILE", "/etc/sqlmi/tls/ca.crt"));
    }

    @Test
    void withAnExternalIssuerTheGatewayMountsItsSecretButDoesNotAssumeACaFileInIt() {
        OperatorConfig external = TestConfigs.shipped(Map.of("sqlmi.certificates.issuer", "External"));
        var pod = GatewayBuilder.deployment(vc, 2, external.gateway(), external.certificates()).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
                .contains("vc1-gateway-tls");
        assertThat(pod.getContainers().get(0).getEnv()).extracting(EnvVar::getName).doesNotContain("SQLMI_ENGINE_CA_FILE");
    }

    @Test
    void redirectOn1433IsPassedToTheGatewayOnlyWhenChosen() {
        OperatorConfig on1433 = TestConfigs.shipped(Map.of("sqlmi.gateway.redirect-on-1433", "true"));
        var chosen = GatewayBuilder.deployment(vc, 2, on1433.gateway(), on1433.certificates()).getSpec().getTemplate().getSpec();
        var shipped = GatewayBuilder.deployment(vc, 2, config.gateway(), config.certificates()).getSpec().getTemplate().getSpec();

        assertThat(chosen.getContainers().get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("SQLMI_REDIRECT_ON_1433", "true"));
        assertThat(shipped.getContainers().get(0).getEnv()).extracting(EnvVar::getName)
                .as("the default, 11000-11999, leaves the gateway's pod template as it was").doesNotContain("SQLMI_REDIRECT_ON_1433");
    }

    @Test
    void podsPassTheRestrictedPodSecurityProfile() {
        var pod = GatewayBuilder.deployment(vc, 2, config.gateway(), config.certificates()).getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        var container = pod.getContainers().get(0).getSecurityContext();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void serviceIsTheInternalLoadBalancerOn1433AtNetworkPlusFourOfTheSubnet() {
        Service service = GatewayBuilder.service(vc);
        Deployment deployment = GatewayBuilder.deployment(vc, 2, config.gateway(), config.certificates());

        assertThat(service.getMetadata().getName()).isEqualTo("vc1-gateway");
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getLoadBalancerClass()).as("only the operator addresses it").isEqualTo("sqlmi.io/subnet");
        assertThat(service.getSpec().getAllocateLoadBalancerNodePorts()).isFalse();
        assertThat(service.getMetadata().getAnnotations()).containsEntry("sqlmi.io/load-balancer-address",
                io.sqlmi.operator.network.LoadBalancerAddresses.internalLoadBalancer(vc.getSpec().getSubnet().getAddressPrefix()));
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort, ServicePort::getTargetPort)
                .containsExactly(tuple(1433, new IntOrString("tds")));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void routesAreAConfigMapThatReadsBackToTheSameTable() {
        RoutingTable table = RoutingTableBuilder.build(vc, "a1b2c3d4e5f6", "database.windows.net", "cluster.local",
                List.of(withRedirectPort(managedInstance("mi1"), 11000)), List.of());

        ConfigMap configMap = GatewayBuilder.routes(vc, table);

        assertThat(configMap.getMetadata().getName()).isEqualTo("vc1-gateway-routes");
        assertThat(configMap.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "gateway-routes");
        assertThat(configMap.getData()).containsOnlyKeys("routes.json");
        assertThat(configMap.getData().get("routes.json")).contains("\"dnsZone\" : \"a1b2c3d4e5f6\"")
                .contains("mi1.a1b2c3d4e5f6.database.windows.net").doesNotContain("null");
        assertThat(GatewayBuilder.parseRoutes(configMap)).isEqualTo(table);
    }

    @Test
    void unreadableRoutesParseToNothing() {
        assertThat(GatewayBuilder.parseRoutes(null)).isNull();
        assertThat(GatewayBuilder.parseRoutes(new ConfigMapBuilder().build())).isNull();
        assertThat(GatewayBuilder.parseRoutes(new ConfigMapBuilder().addToData("routes.json", "{not json").build())).isNull();
    }
}
