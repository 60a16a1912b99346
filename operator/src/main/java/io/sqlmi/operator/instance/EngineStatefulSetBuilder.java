package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.common.PodSecurity;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engine StatefulSet of an instance: its replicas, placement, volumes and the engine container contract. */
public final class EngineStatefulSetBuilder {

    public static final String COMPONENT = "engine";
    static final String ZONE_KEY = "topology.kubernetes.io/zone";
    static final String HOST_KEY = "kubernetes.io/hostname";

    private EngineStatefulSetBuilder() {
    }

    /**
     * @param existingClaims the claim templates of the StatefulSet as it exists, which Kubernetes will not let change;
     *                       null when it does not exist yet
     */
    public static StatefulSet build(InstanceModel model, OperatorConfig config, List<PersistentVolumeClaim> existingClaims) {
        ManagedInstance mi = model.instance();
        ManagedInstanceSpec spec = mi.getSpec();
        Map<String, String> selector = Labels.selector(mi, COMPONENT);
        List<PersistentVolumeClaim> claims = existingClaims != null ? existingClaims : List.of(dataClaim(mi, config));
        return new StatefulSetBuilder()
                .withNewMetadata().withName(InstanceNames.statefulSet(mi)).withNamespace(mi.getMetadata().getNamespace())
                .withLabels(Labels.forChild(mi, COMPONENT)).endMetadata()
                .withNewSpec()
                .withReplicas(model.engineReplicas())
                .withServiceName(InstanceNames.headlessService(mi))
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted(config.storage().whenDeleted())
                .withWhenScaled("Retain").endPersistentVolumeClaimRetentionPolicy()
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.forChild(mi, COMPONENT)).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.restrictedPod(EngineContract.USER_ID))
                .withTerminationGracePeriodSeconds(60L)
                .withAffinity(affinity(selector, model.placement(), InstanceSettings.replicas(spec) > 1))
                .withTolerations(tolerations(model.placement()))
                .withTopologySpreadConstraints(spread(spec, selector))
                .addNewContainer()
                .withName(EngineContract.CONTAINER)
                .withImage(image(spec, config))
                .withImagePullPolicy(config.engine().imagePullPolicy())
                .withEnv(environment(model, config))
                .withPorts(ports(model, config))
                // A TCP probe on the TDS port is the one check both the official image and the project's engine pass.
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("tds")).endTcpSocket()
                .withPeriodSeconds(5).withTimeoutSeconds(2).withFailureThreshold(3).withSuccessThreshold(1)
                .endReadinessProbe()
                .withNewStartupProbe().withNewTcpSocket().withPort(new IntOrString("tds")).endTcpSocket()
                .withPeriodSeconds(5).withTimeoutSeconds(2).withFailureThreshold(60).withSuccessThreshold(1)
                .endStartupProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString("tds")).endTcpSocket()
                .withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(6).withSuccessThreshold(1)
                .endLivenessProbe()
                .withResources(resources(spec, config))
                .withSecurityContext(PodSecurity.restrictedContainer())
                .addNewVolumeMount().withName(InstanceNames.DATA_VOLUME).withMountPath(EngineContract.DATA_DIR).endVolumeMount()
                // A directory, never subPath: renewed certificates reach the engine, which rereads changed files.
                .addNewVolumeMount().withName(EngineContract.TLS_VOLUME).withMountPath(EngineContract.TLS_DIR)
                .withReadOnly(true).endVolumeMount()
                .endContainer()
                // 0440 with the pod's fsGroup: the engine's user reads the key, nobody else.
                .addNewVolume().withName(EngineContract.TLS_VOLUME).withNewSecret().withSecretName(InstanceNames.engineTls(mi))
                .withDefaultMode(0440).withOptional(false).endSecret().endVolume()
                .endSpec()
                .endTemplate()
                .withVolumeClaimTemplates(claims)
                .endSpec()
                .build();
    }

    static PersistentVolumeClaim dataClaim(ManagedInstance mi, OperatorConfig config) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(InstanceNames.DATA_VOLUME).withLabels(Labels.forChild(mi, COMPONENT)).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity(mi.getSpec().getStorageSizeInGB() + "Gi")).endResources()
                .withVolumeMode("Filesystem")
                .endSpec();
        config.engine().storageClass().ifPresent(c -> claim.editSpec().withStorageClassName(c).endSpec());
        return claim.build();
    }

    private static String image(ManagedInstanceSpec spec, OperatorConfig config) {
        return spec.getEngine() != null && spec.getEngine().getImage() != null ? spec.getEngine().getImage()
                : config.engine().image();
    }

    private static ResourceRequirements resources(ManagedInstanceSpec spec, OperatorConfig config) {
        if (spec.getEngine() != null && spec.getEngine().getResources() != null) {
            return spec.getEngine().getResources();
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(config.engine().cpuRequest()))
                .addToRequests("memory", new Quantity(config.engine().memoryRequest()))
                .build();
    }

    /** Redirected clients arrive on the redirect port's own listener, so that NetworkPolicies on 11000-11999 see it. */
    private static List<ContainerPort> ports(InstanceModel model, OperatorConfig config) {
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder().withName("tds").withContainerPort(Ports.ENGINE).withProtocol("TCP").build());
        if (config.engine().redirectListener()) {
            ports.add(new ContainerPortBuilder().withName(EngineContract.REDIRECT_PORT_NAME)
                    .withContainerPort(model.redirectPort()).withProtocol("TCP").build());
        }
        return ports;
    }

    private static List<EnvVar> environment(InstanceModel model, OperatorConfig config) {
        ManagedInstance mi = model.instance();
        List<EnvVar> env = new ArrayList<>();
        env.add(plain(EngineContract.ACCEPT_EULA, "Y"));
        env.add(plain(EngineContract.PID, "Developer"));
        env.add(plain(EngineContract.TCP_PORT, Integer.toString(Ports.ENGINE)));
        env.add(fromSecret(EngineContract.SA_PASSWORD, InstanceNames.engineCredentialsSecret(mi), EngineContract.SA_PASSWORD_KEY));
        env.add(plain(EngineContract.INSTANCE_NAME, mi.getMetadata().getName()));
        env.add(plain(EngineContract.SERVER_NAME, model.fqdn()));
        env.add(plain(EngineContract.ADMIN_LOGIN, mi.getSpec().getAdministratorLogin()));
        env.add(fromSecret(EngineContract.ADMIN_PASSWORD, model.adminSecretName(), model.adminSecretKey()));
        env.add(plain(EngineContract.DATA_DIR_VARIABLE, EngineContract.DATA_DIR));
        env.add(plain(EngineContract.MINIMAL_TLS_VERSION, InstanceSettings.minimalTlsVersion(mi.getSpec()).wireValue()));
        if (config.engine().redirectListener()) {
            env.add(plain(EngineContract.REDIRECT_PORT, Integer.toString(model.redirectPort())));
        }
        if (InstanceSettings.hasReadableSecondary(mi.getSpec())) {
            env.add(plain(EngineContract.REPLICA_ROLE, EngineContract.REPLICA_ROLE_BY_ORDINAL));
        }
        env.add(plain(EngineContract.TLS_CERT_FILE, EngineContract.TLS_DIR + "/tls.crt"));
        env.add(plain(EngineContract.TLS_KEY_FILE, EngineContract.TLS_DIR + "/tls.key"));
        return env;
    }

    private static EnvVar plain(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .withOptional(false).endSecretKeyRef().endValueFrom().build();
    }

    /**
     * Replicas run on distinct nodes (Business Critical replicas are separate VMs): required on the VM group's
     * claimed nodes, preferred where the cluster has no node pool (a small test cluster may have fewer nodes).
     */
    private static Affinity affinity(Map<String, String> selector, Placement placement, boolean replicated) {
        AffinityBuilder affinity = new AffinityBuilder();
        if (placement == null) {
            return affinity.withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                    .withWeight(100).withNewPodAffinityTerm().withTopologyKey(HOST_KEY).withNewLabelSelector()
                    .withMatchLabels(selector).endLabelSelector().endPodAffinityTerm()
                    .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build();
        }
        affinity.withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey(NodePool.CLUSTER_LABEL).withOperator("In").withValues(placement.clusterId()).endMatchExpression()
                .addNewMatchExpression().withKey(NodePool.GROUP_LABEL).withOperator("In").withValues(placement.vmGroup()).endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity();
        if (replicated) {
            affinity.withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withTopologyKey(HOST_KEY).withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity();
        }
        return affinity.build();
    }

    /** Claimed nodes carry a taint that keeps everything but their virtual cluster's engines off. */
    private static List<Toleration> tolerations(Placement placement) {
        if (placement == null) {
            return List.of();
        }
        return List.of(new TolerationBuilder().withKey(NodePool.TAINT_KEY).withOperator("Equal")
                .withValue(placement.clusterId()).withEffect("NoSchedule").build());
    }

    /** Zone-redundant instances spread their replicas over the availability zones (facts section 7). */
    private static List<TopologySpreadConstraint> spread(ManagedInstanceSpec spec, Map<String, String> selector) {
        if (!InstanceSettings.zoneRedundant(spec)) {
            return List.of();
        }
        return List.of(new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(ZONE_KEY)
                .withWhenUnsatisfiable("DoNotSchedule").withNewLabelSelector().withMatchLabels(selector)
                .endLabelSelector().withMinDomains(3).build());
    }
}
