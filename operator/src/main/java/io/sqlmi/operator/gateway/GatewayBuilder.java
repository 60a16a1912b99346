package io.sqlmi.operator.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.common.PodSecurity;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import java.util.List;
import java.util.Map;

/** The gateway of a virtual cluster: its Deployment, its Service (the internal load balancer) and its routes. */
public final class GatewayBuilder {

    public static final String ROUTES_MOUNT = "/etc/sqlmi/routes";
    /** Where the gateway reads its certificates by default (SQLMI_TLS_DIR, docs/gateway.md "Certificates"). */
    public static final String TLS_MOUNT = "/etc/sqlmi/tls";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GatewayBuilder() {
    }

    /**
     * @param certificates with the operator as issuer, the gateway also checks the engines' certificates against the
     *                     CA on the proxy path (ca.crt of its Secret); an external issuer's Secret may lack ca.crt
     */
    public static Deployment deployment(VirtualCluster vc, int replicas, OperatorConfig.Gateway config,
                                        OperatorConfig.Certificates certificates) {
        Map<String, String> selector = Labels.selector(vc, GatewayNames.COMPONENT);
        return new DeploymentBuilder()
                .withNewMetadata().withName(GatewayNames.gateway(vc)).withNamespace(vc.getMetadata().getNamespace())
                .withLabels(Labels.forChild(vc, GatewayNames.COMPONENT)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(selector).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(Labels.forChild(vc, GatewayNames.COMPONENT)).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(PodSecurity.restrictedPod())
                .withTerminationGracePeriodSeconds(30L)
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("topology.kubernetes.io/zone")
                .withWhenUnsatisfiable("ScheduleAnyway").withNewLabelSelector().withMatchLabels(selector)
                .endLabelSelector().endTopologySpreadConstraint()
                .addNewContainer().withName("gateway").withImage(config.image()).withImagePullPolicy(config.imagePullPolicy())
                .addNewEnv().withName("SQLMI_ROUTES_FILE").withValue(ROUTES_MOUNT + "/" + RoutingTable.FILE).endEnv()
                .addNewEnv().withName("SQLMI_GATEWAY_PORT").withValue(Integer.toString(Ports.TDS)).endEnv()
                .addNewEnv().withName("SQLMI_PUBLIC_PORT").withValue(Integer.toString(Ports.PUBLIC_ENDPOINT)).endEnv()
                .addNewEnv().withName("SQLMI_PRIVATE_PORT").withValue(Integer.toString(Ports.PRIVATE_LISTENER)).endEnv()
                .addNewEnv().withName("SQLMI_HEALTH_PORT").withValue(Integer.toString(Ports.HEALTH)).endEnv()
                .addAllToEnv(config.redirectOn1433()
                        ? List.of(new EnvVarBuilder().withName("SQLMI_REDIRECT_ON_1433").withValue("true").build())
                        : List.of())
                .addAllToEnv(certificates.issuer() == OperatorConfig.Certificates.Issuer.Operator
                        ? List.of(new EnvVarBuilder().withName("SQLMI_ENGINE_CA_FILE").withValue(TLS_MOUNT + "/ca.crt").build())
                        : List.of())
                .addNewPort().withName("tds").withContainerPort(Ports.TDS).withProtocol("TCP").endPort()
                .addNewPort().withName("public").withContainerPort(Ports.PUBLIC_ENDPOINT).withProtocol("TCP").endPort()
                .addNewPort().withName("private").withContainerPort(Ports.PRIVATE_LISTENER).withProtocol("TCP").endPort()
                .addNewPort().withName("health").withContainerPort(Ports.HEALTH).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health/ready").withPort(new IntOrString("health"))
                .withScheme("HTTP").endHttpGet().withPeriodSeconds(5).withFailureThreshold(3).withTimeoutSeconds(2)
                .withSuccessThreshold(1).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/health/live").withPort(new IntOrString("health"))
                .withScheme("HTTP").endHttpGet().withPeriodSeconds(10).withFailureThreshold(6).withTimeoutSeconds(2)
                .withSuccessThreshold(1).endLivenessProbe()
                .withNewResources().addToRequests("cpu", new Quantity(config.cpuRequest()))
                .addToRequests("memory", new Quantity(config.memoryRequest())).endResources()
                .withSecurityContext(PodSecurity.restrictedContainer())
                .addNewVolumeMount().withName("routes").withMountPath(ROUTES_MOUNT).withReadOnly(true).endVolumeMount()
                // A directory, never subPath: the kubelet then swaps renewed certificates in, and the gateway reloads.
                .addNewVolumeMount().withName("tls").withMountPath(TLS_MOUNT).withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("routes").withNewConfigMap().withName(GatewayNames.routes(vc))
                .withDefaultMode(0444).endConfigMap().endVolume()
                // 0444: the gateway's user has no group of the pod's; nothing else runs in the pod.
                .addNewVolume().withName("tls").withNewSecret().withSecretName(GatewayNames.tls(vc))
                .withDefaultMode(0444).withOptional(false).endSecret().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    /**
     * The internal load balancer: a LoadBalancer of the operator's own class {@value LoadBalancerAddresses#SUBNET_CLASS},
     * whose address (network + 4 of the subnet, named in an annotation) the operator's load-balancer controller
     * writes into its status; kube-proxy routes it. No node ports: nothing outside the cluster balances onto nodes.
     */
    public static Service service(VirtualCluster vc) {
        return new ServiceBuilder()
                .withNewMetadata().withName(GatewayNames.gateway(vc)).withNamespace(vc.getMetadata().getNamespace())
                .withLabels(Labels.forChild(vc, GatewayNames.COMPONENT))
                .addToAnnotations(LoadBalancerAddresses.ADDRESS_ANNOTATION,
                        LoadBalancerAddresses.internalLoadBalancer(vc.getSpec().getSubnet().getAddressPrefix()))
                .endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(LoadBalancerAddresses.SUBNET_CLASS)
                .withAllocateLoadBalancerNodePorts(false)
                .withSelector(Labels.selector(vc, GatewayNames.COMPONENT))
                .addNewPort().withName("tds").withPort(Ports.TDS).withTargetPort(new IntOrString("tds"))
                .withProtocol("TCP").endPort()
                .endSpec().build();
    }

    public static ConfigMap routes(VirtualCluster vc, RoutingTable table) {
        try {
            return new ConfigMapBuilder()
                    .withNewMetadata().withName(GatewayNames.routes(vc)).withNamespace(vc.getMetadata().getNamespace())
                    .withLabels(Labels.forChild(vc, GatewayNames.ROUTES_COMPONENT)).endMetadata()
                    .addToData(RoutingTable.FILE, JSON.writeValueAsString(table) + "\n")
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("routing table of " + vc.getMetadata().getName(), e);
        }
    }

    public static RoutingTable parseRoutes(ConfigMap configMap) {
        if (configMap == null || configMap.getData() == null || configMap.getData().get(RoutingTable.FILE) == null) {
            return null;
        }
        try {
            return JSON.readValue(configMap.getData().get(RoutingTable.FILE), RoutingTable.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
