package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.EngineOverride;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.MinimalTlsVersion;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.testing.Fixtures;
import io.sqlmi.operator.testing.TestConfigs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineStatefulSetBuilderTest {

    static final String FQDN = "mi1.a1b2c3d4e5f6.database.windows.net";
    final OperatorConfig config = TestConfigs.shipped();

    static InstanceModel model(ManagedInstance mi) {
        return new InstanceModel(mi, FQDN, 11003, "mi1-admin", "password", "S3cret!pass", null);
    }

    static StatefulSet build(ManagedInstance mi, OperatorConfig config) {
        return EngineStatefulSetBuilder.build(model(mi), config, null);
    }

    static Container engine(StatefulSet sts) {
        return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static EnvVar env(StatefulSet sts, String name) {
        return engine(sts).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the engine's environment"));
    }

    @Test
    void aStoppingInstanceHasNoReplicaAndKeepsItsVolumesAndItsPodTemplate() {
        ManagedInstance running = managedInstance("mi1");
        ManagedInstance stopping = managedInstance("mi1");
        stopping.getSpec().setStopped(true);
        stopping.setStatus(new io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus());
        stopping.getStatus().setState(io.sqlmi.operator.crds.v1alpha1.InstanceState.Ready);
        StatefulSet before = build(running, config);

        StatefulSet after = EngineStatefulSetBuilder.build(model(stopping), config, before.getSpec().getVolumeClaimTemplates());

        assertThat(after.getSpec().getReplicas()).isZero();
        assertThat(after.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
                .as("scaling to 0 keeps the claims").isEqualTo("Retain");
        assertThat(after.getSpec().getVolumeClaimTemplates()).isEqualTo(before.getSpec().getVolumeClaimTemplates());
        assertThat(after.getSpec().getTemplate()).as("no rollout: the start runs the same pods again")
                .isEqualTo(before.getSpec().getTemplate());
    }

    @Test
    void generalPurposeRunsOneReplicaBusinessCriticalFour() {
        assertThat(build(managedInstance("mi1", Tier.GeneralPurpose), config).getSpec().getReplicas()).isEqualTo(1);
        assertThat(build(managedInstance("mi1", Tier.BusinessCritical), config).getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void namesLabelsAndTheHeadlessServiceFollowTheInstance() {
        StatefulSet sts = build(managedInstance("mi1"), config);

        assertThat(sts.getMetadata().getName()).isEqualTo("mi1");
        assertThat(sts.getMetadata().getNamespace()).isEqualTo("sqlmi-subnet-a");
        assertThat(sts.getSpec().getServiceName()).isEqualTo("mi1-engine");
        assertThat(sts.getMetadata().getLabels()).containsEntry(Labels.NAME, "managed-instance")
                .containsEntry(Labels.INSTANCE, "mi1").containsEntry(Labels.COMPONENT, "engine")
                .containsEntry(Labels.MANAGED_BY, "sqlmi-operator").containsEntry(Labels.MANAGED_INSTANCE, "mi1");
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void eachReplicaGetsAVolumeSizedFromStorageSizeInGB() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setStorageSizeInGB(256);

        StatefulSet sts = build(mi, config);

        assertThat(sts.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("data");
            assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("256Gi"));
            assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(claim.getSpec().getStorageClassName()).isNull();
        });
        assertThat(engine(sts).getVolumeMounts()).filteredOn(m -> m.getName().equals("data")).singleElement()
                .satisfies(m -> assertThat(m.getName() + " " + m.getMountPath()).isEqualTo("data /var/opt/mssql"));
    }

    @Test
    void storageClassComesFromConfiguration() {
        StatefulSet sts = build(managedInstance("mi1"), TestConfigs.shipped(Map.of("sqlmi.engine.storage-class", "fast-ssd")));

        assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("fast-ssd");
    }

    @Test
    void volumesAreKeptWhenTheInstanceIsDeletedUnlessConfiguredOtherwise() {
        assertThat(build(managedInstance("mi1"), config).getSpec().getPersistentVolumeClaimRetentionPolicy())
                .satisfies(p -> assertThat(p.getWhenDeleted() + "/" + p.getWhenScaled()).isEqualTo("Retain/Retain"));
        assertThat(build(managedInstance("mi1"), TestConfigs.shipped(Map.of("sqlmi.storage.when-deleted", "Delete")))
                .getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Delete");
    }

    @Test
    void existingClaimTemplatesAreKeptBecauseKubernetesCannotChangeThem() {
        PersistentVolumeClaim existing = new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("64Gi")).endResources().endSpec().build();
        ManagedInstance grown = managedInstance("mi1");
        grown.getSpec().setStorageSizeInGB(512);

        StatefulSet sts = EngineStatefulSetBuilder.build(model(grown), config, List.of(existing));

        assertThat(sts.getSpec().getVolumeClaimTemplates()).containsExactly(existing);
    }

    @Test
    void replicasSpreadOverZonesOnlyWhenZoneRedundant() {
        ManagedInstance plain = managedInstance("mi1", Tier.BusinessCritical);
        ManagedInstance redundant = managedInstance("mi1", Tier.BusinessCritical);
        redundant.getSpec().setZoneRedundant(true);

        assertThat(build(plain, config).getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isEmpty();
        StatefulSet sts = build(redundant, config);
        assertThat(sts.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).singleElement().satisfies(c -> {
            assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(c.getMaxSkew()).isEqualTo(1);
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
            assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(sts.getSpec().getSelector().getMatchLabels());
        });
        assertThat(sts.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    }

    @Test
    void businessCriticalReplicasTakeTheirRoleFromTheirOrdinalSoThatReplicaOneIsAReadOnlySecondary() {
        assertThat(env(build(managedInstance("mi1", Tier.BusinessCritical), config), "SQLMI_REPLICA_ROLE").getValue())
                .isEqualTo("Ordinal");
        assertThat(engine(build(managedInstance("mi1"), config)).getEnv()).extracting(EnvVar::getName)
                .as("General Purpose: the one replica is the primary, and its pod template is unchanged")
                .doesNotContain("SQLMI_REPLICA_ROLE");
    }

    @Test
    void theEngineGetsTheEnvironmentOfTheEngineContract() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setMinimalTlsVersion(MinimalTlsVersion.TLS_1_3);

        StatefulSet sts = build(mi, config);

        assertThat(engine(sts).getEnv()).filteredOn(e -> e.getValue() != null)
                .extracting(EnvVar::getName, EnvVar::getValue).containsExactlyInAnyOrder(
                        tuple("ACCEPT_EULA", "Y"), tuple("MSSQL_PID", "Developer"), tuple("MSSQL_TCP_PORT", "1433"),
                        tuple("SQLMI_INSTANCE_NAME", "mi1"), tuple("SQLMI_SERVER_NAME", FQDN),
                        tuple("SQLMI_ADMIN_LOGIN", "sqladmin"), tuple("SQLMI_DATA_DIR", "/var/opt/mssql"),
                        tuple("SQLMI_MINIMAL_TLS_VERSION", "1.3"), tuple("SQLMI_REDIRECT_PORT", "11003"),
                        tuple("SQLMI_TLS_CERT_FILE", "/etc/sqlmi/tls/tls.crt"),
                        tuple("SQLMI_TLS_KEY_FILE", "/etc/sqlmi/tls/tls.key"));
        var sa = env(sts, "MSSQL_SA_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(sa.getName() + "/" + sa.getKey()).isEqualTo("mi1-engine-credentials/sa-password");
        assertThat(sa.getOptional()).isFalse();
        var admin = env(sts, "SQLMI_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(admin.getName() + "/" + admin.getKey()).isEqualTo("mi1-admin/password");
        assertThat(engine(sts).getEnv()).as("passwords never in plain text").noneMatch(e -> "S3cret!pass".equals(e.getValue()));
        assertThat(engine(sts).getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("tds:1433", "redirect:11003");
        assertThat(engine(sts).getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("tds");
    }

    @Test
    void theUsersPasswordSecretIsReferencedWithItsKey() {
        ManagedInstance mi = managedInstance("mi1");
        var model = new InstanceModel(mi, FQDN, 11003, "my-admin-secret", "pw", "x", null);

        StatefulSet sts = EngineStatefulSetBuilder.build(model, config, null);

        var ref = env(sts, "SQLMI_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("my-admin-secret/pw");
    }

    @Test
    void theDefaultImageAndResourcesComeFromConfigurationAndAnInstanceMayOverrideThem() {
        ManagedInstance plain = managedInstance("mi1");
        ManagedInstance custom = managedInstance("mi1");
        EngineOverride override = new EngineOverride();
        override.setImage("ghcr.io/sqlmi/engine:dev");
        override.setResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("2"))
                .addToLimits("memory", new Quantity("8Gi")).build());
        custom.getSpec().setEngine(override);

        assertThat(engine(build(plain, config)).getImage()).isEqualTo("mcr.microsoft.com/mssql/server:2022-latest");
        assertThat(engine(build(plain, config)).getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("2Gi"));
        assertThat(engine(build(plain, TestConfigs.shipped(Map.of("sqlmi.engine.image", "registry.local/engine:1"))))
                .getImage()).isEqualTo("registry.local/engine:1");
        Container overridden = engine(build(custom, config));
        assertThat(overridden.getImage()).isEqualTo("ghcr.io/sqlmi/engine:dev");
        assertThat(overridden.getResources()).isEqualTo(override.getResources());
    }

    @Test
    void anImageWithoutARedirectListenerGetsNoRedirectPortAndItsServiceLeadsTheRedirectPortTo1433() {
        OperatorConfig official = TestConfigs.shipped(Map.of("sqlmi.engine.redirect-listener", "false"));

        StatefulSet sts = build(managedInstance("mi1"), official);

        assertThat(engine(sts).getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("tds:1433");
        assertThat(engine(sts).getEnv()).extracting(EnvVar::getName).doesNotContain("SQLMI_REDIRECT_PORT");
        assertThat(EngineServicesBuilder.primary(managedInstance("mi1"), "mi1.primary.z.s", 11003, false).getSpec().getPorts())
                .extracting(p -> p.getName() + "->" + p.getTargetPort().getStrVal()).containsExactly("tds->tds", "redirect->tds");
    }

    @Test
    void theEngineServesTheCertificateOfItsSecretMountedAsADirectoryThatOnlyItsGroupReads() {
        var pod = build(managedInstance("mi1"), config).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).filteredOn(v -> "tls".equals(v.getName())).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("mi1-engine-tls");
            assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
        });
        assertThat(pod.getContainers().get(0).getVolumeMounts()).filteredOn(m -> "tls".equals(m.getName())).singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/sqlmi/tls");
                    assertThat(m.getSubPath()).as("renewals arrive only without subPath").isNull();
                    assertThat(m.getReadOnly()).isTrue();
                });
    }

    @Test
    void enginePodsPassTheRestrictedProfileAndOwnTheirDataVolume() {
        var pod = build(managedInstance("mi1"), config).getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    static final VirtualCluster CLUSTER = Fixtures.virtualCluster();
    static final Placement PLACEMENT = new Placement(NodePool.clusterId(CLUSTER), "standardseries-systemdefault");

    static StatefulSet placed(ManagedInstance mi, Placement placement) {
        var model = new InstanceModel(mi, FQDN, 11003, "mi1-admin", "password", "S3cret!pass", placement);
        return EngineStatefulSetBuilder.build(model, TestConfigs.shipped(), null);
    }

    static PodSpec pod(StatefulSet sts) {
        return sts.getSpec().getTemplate().getSpec();
    }

    /** Whether the pod's required node affinity admits the node, as the scheduler evaluates In expressions. */
    static boolean nodeAffinityAdmits(PodSpec pod, Node node) {
        var required = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        Map<String, String> labels = node.getMetadata().getLabels();
        return required.getNodeSelectorTerms().stream().anyMatch(term -> term.getMatchExpressions().stream()
                .allMatch(e -> "In".equals(e.getOperator()) && e.getValues().contains(labels.get(e.getKey()))));
    }

    /** Whether the pod tolerates every NoSchedule taint of the node. */
    static boolean toleratesAll(PodSpec pod, Node node) {
        return node.getSpec().getTaints().stream().filter(t -> "NoSchedule".equals(t.getEffect())).allMatch(taint ->
                pod.getTolerations().stream().anyMatch(tol -> taint.getKey().equals(tol.getKey())
                        && ("Exists".equals(tol.getOperator()) || taint.getValue().equals(tol.getValue()))
                        && (tol.getEffect() == null || taint.getEffect().equals(tol.getEffect()))));
    }

    static Node claimedNode(VirtualCluster vc, String group) {
        Node free = new NodeBuilder().withNewMetadata().withName("pool-1").addToLabels(NodePool.POOL_LABEL, "true")
                .endMetadata().withNewSpec().endSpec().build();
        NodePool.Decision decision = NodePool.decide(vc, Map.of(group, 1), List.of(free), Set.of());
        return decision.changes().get(0).node();
    }

    @Test
    void withAPlacementBusinessCriticalReplicasRunOnTheirGroupsNodesOnePerNode() {
        PodSpec pod = pod(placed(managedInstance("mi1", Tier.BusinessCritical), PLACEMENT));

        assertThat(pod.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .singleElement().satisfies(term -> assertThat(term.getMatchExpressions())
                        .extracting(NodeSelectorRequirement::getKey, NodeSelectorRequirement::getOperator, NodeSelectorRequirement::getValues)
                        .containsExactlyInAnyOrder(
                                tuple("sqlmi.io/virtual-cluster", "In", List.of("sqlmi-subnet-a.vc1")),
                                tuple("sqlmi.io/vm-group", "In", List.of("standardseries-systemdefault"))));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("sqlmi.io/virtual-cluster");
            assertThat(t.getOperator()).isEqualTo("Equal");
            assertThat(t.getValue()).isEqualTo("sqlmi-subnet-a.vc1");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        var antiAffinity = pod.getAffinity().getPodAntiAffinity();
        assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(term -> {
            assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getLabelSelector().getMatchLabels())
                    .isEqualTo(placed(managedInstance("mi1", Tier.BusinessCritical), PLACEMENT).getSpec().getSelector().getMatchLabels());
        });
    }

    @Test
    void withAPlacementAGeneralPurposeReplicaRunsOnItsGroupsNodesWithNoAntiAffinity() {
        PodSpec pod = pod(placed(managedInstance("mi1", Tier.GeneralPurpose), PLACEMENT));

        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .hasSize(1);
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(pod.getAffinity().getPodAntiAffinity()).as("one replica has nothing to keep apart").isNull();
    }

    @Test
    void withoutAPlacementPodsScheduleAnywhereAndOnlyPreferDistinctNodes() {
        for (Tier tier : Tier.values()) {
            PodSpec pod = pod(placed(managedInstance("mi1", tier), null));

            assertThat(pod.getAffinity().getNodeAffinity()).as(tier.name()).isNull();
            assertThat(pod.getTolerations()).as(tier.name()).isEmpty();
            assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                    .as(tier.name()).isNullOrEmpty();
            assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                    .as(tier.name()).singleElement().satisfies(t -> {
                        assertThat(t.getWeight()).isEqualTo(100);
                        assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    });
        }
    }

    @Test
    void theEnginePodFitsExactlyTheNodesItsClusterClaimedForItsGroup() {
        PodSpec pod = pod(placed(managedInstance("mi1", Tier.BusinessCritical), PLACEMENT));
        VirtualCluster neighbour = Fixtures.virtualCluster("vc2", "10.0.1.0/24");
        neighbour.getMetadata().setNamespace("sqlmi-subnet-b");

        Node ours = claimedNode(CLUSTER, "standardseries-systemdefault");
        Node otherGroup = claimedNode(CLUSTER, "premiumseries-systemdefault");
        Node otherCluster = claimedNode(neighbour, "standardseries-systemdefault");

        assertThat(nodeAffinityAdmits(pod, ours)).isTrue();
        assertThat(toleratesAll(pod, ours)).isTrue();
        assertThat(nodeAffinityAdmits(pod, otherGroup)).isFalse();
        assertThat(nodeAffinityAdmits(pod, otherCluster)).isFalse();
        assertThat(toleratesAll(pod, otherCluster)).as("another cluster's taint keeps the pod off").isFalse();
    }

    @Test
    void aZoneRedundantInstanceInAPoolKeepsItsZoneSpread() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        mi.getSpec().setZoneRedundant(true);

        PodSpec pod = pod(placed(mi, PLACEMENT));

        assertThat(pod.getTopologySpreadConstraints()).singleElement().satisfies(c -> {
            assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(c.getMinDomains()).isEqualTo(3);
        });
        assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    }
}
