package io.sqlmi.operator.common;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.EngineServicesBuilder;
import io.sqlmi.operator.instance.EngineStatefulSetBuilder;
import io.sqlmi.operator.instance.InstanceModel;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.ServiceTags;
import io.sqlmi.operator.testing.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

    final ManagedInstance mi = managedInstance("mi1");
    final String owner = mi.getMetadata().getUid();

    Service desiredPrimary() {
        Service service = EngineServicesBuilder.primary(mi, 11003);
        service.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("sqlmi.io/v1alpha1")
                .withKind("ManagedInstance").withName("mi1").withUid(owner).withController(true).build()));
        return service;
    }

    /** The desired Service as the API server returns it: defaults, ids and status added. */
    Service asStored(Service desired) {
        return new ServiceBuilder(desired).editMetadata().withResourceVersion("4711").withUid("5e1f-...")
                .withCreationTimestamp("2025-03-01T10:00:00Z").withGeneration(1L)
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
                .addNewManagedField().withManager("sqlmi-operator").withOperation("Apply").endManagedField().endMetadata()
                .editSpec().withClusterIP("10.96.0.17").withClusterIPs("10.96.0.17").withSessionAffinity("None")
                .withIpFamilies("IPv4").withIpFamilyPolicy("SingleStack").withInternalTrafficPolicy("Cluster")
                .editFirstPort().withNodePort(null).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus().build();
    }

    @Test
    void fieldsTheServerAddsAreNotTheOperatorsBusiness() {
        Service desired = desiredPrimary();

        assertThat(DesiredState.isSatisfiedBy(desired, asStored(desired), owner)).isTrue();
    }

    @Test
    void aMissingObjectIsNeverSatisfied() {
        assertThat(DesiredState.isSatisfiedBy(desiredPrimary(), null, owner)).isFalse();
    }

    @Test
    void aChangedOwnedFieldIsNoticed() {
        Service desired = desiredPrimary();
        Service edited = new ServiceBuilder(asStored(desired)).editSpec().editLastPort().withPort(11004).endPort().endSpec().build();

        assertThat(DesiredState.isSatisfiedBy(desired, edited, owner)).isFalse();
    }

    @Test
    void aRemovedOwnedFieldOrListItemIsNoticed() {
        Service desired = desiredPrimary();
        Service withoutLabel = new ServiceBuilder(asStored(desired)).editMetadata().removeFromLabels(Labels.COMPONENT).endMetadata().build();
        Service withoutRedirectPort = new ServiceBuilder(asStored(desired)).editSpec().removeFromPorts(desired.getSpec().getPorts().get(1))
                .endSpec().build();
        Service withoutSelector = new ServiceBuilder(asStored(desired)).editSpec().withSelector(null).endSpec().build();

        assertThat(DesiredState.isSatisfiedBy(desired, withoutLabel, owner)).isFalse();
        assertThat(DesiredState.isSatisfiedBy(desired, withoutRedirectPort, owner)).isFalse();
        assertThat(DesiredState.isSatisfiedBy(desired, withoutSelector, owner)).isFalse();
    }

    @Test
    void aNumberIsNotTheSameAsItsText() {
        Service desired = desiredPrimary();
        Service named = new ServiceBuilder(asStored(desired)).editSpec().editFirstPort().withTargetPort(new IntOrString("1433"))
                .endPort().endSpec().build();
        Service numbered = new ServiceBuilder(desired).editSpec().editFirstPort().withTargetPort(new IntOrString(1433))
                .endPort().endSpec().build();

        assertThat(DesiredState.isSatisfiedBy(numbered, named, owner)).isFalse();
        assertThat(DesiredState.isSatisfiedBy(numbered, asStored(numbered), owner)).isTrue();
    }

    @Test
    void extraLabelsAndAnnotationsOfOthersAreAllowed() {
        Service desired = desiredPrimary();
        Service annotated = new ServiceBuilder(asStored(desired)).editMetadata().addToLabels("team", "dba")
                .addToAnnotations("note", "x").endMetadata().build();

        assertThat(DesiredState.isSatisfiedBy(desired, annotated, owner)).isTrue();
    }

    @Test
    void ownershipMustAgreeBothWays() {
        Service owned = desiredPrimary();
        Service detached = new ServiceBuilder(owned).editMetadata().withOwnerReferences(List.of()).endMetadata().build();
        Service ownedByOther = new ServiceBuilder(owned).editMetadata().editFirstOwnerReference().withUid("someone-else")
                .endOwnerReference().endMetadata().build();

        assertThat(DesiredState.isSatisfiedBy(owned, asStored(detached), owner)).as("adoption needed").isFalse();
        assertThat(DesiredState.isSatisfiedBy(detached, asStored(owned), owner)).as("detach-on-delete needed").isFalse();
        assertThat(DesiredState.isSatisfiedBy(detached, asStored(ownedByOther), owner)).isTrue();
        assertThat(DesiredState.isSatisfiedBy(owned, asStored(owned), owner)).isTrue();
    }

    @Test
    void emptyDesiredListsMatchAbsentOnes() {
        NetworkPolicy desired = new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                .addNewIngress().withPorts(List.of()).endIngress().endSpec().build();
        NetworkPolicy stored = new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace("ns")
                .withResourceVersion("1").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress").addNewIngress().endIngress().endSpec().build();

        assertThat(DesiredState.isSatisfiedBy(desired, stored, null)).isTrue();
    }

    @Test
    void statusIsIgnored() {
        StatefulSet desired = new StatefulSetBuilder().withNewMetadata().withName("mi1").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().withNewStatus().withReplicas(5).endStatus().build();
        StatefulSet stored = new StatefulSetBuilder(desired).withNewStatus().withReplicas(0).endStatus().build();

        assertThat(DesiredState.isSatisfiedBy(desired, stored, null)).isTrue();
    }

    @Test
    void quantitiesTheServerWritesCanonicallyAreTheSame() {
        var config = TestConfigs.shipped();
        ManagedInstance big = managedInstance("mi1");
        big.getSpec().setStorageSizeInGB(1024);
        StatefulSet desired = EngineStatefulSetBuilder.build(model(big), config, null);
        StatefulSet stored = new StatefulSetBuilder(desired).editSpec().editFirstVolumeClaimTemplate().editSpec().editResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Ti")).endResources().endSpec()
                .endVolumeClaimTemplate().editTemplate().editSpec().editFirstContainer().editResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("0.5")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build();
        StatefulSet shrunk = new StatefulSetBuilder(desired).editSpec().editFirstVolumeClaimTemplate().editSpec().editResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("512Gi")).endResources().endSpec()
                .endVolumeClaimTemplate().endSpec().build();

        assertThat(DesiredState.isSatisfiedBy(desired, stored, null)).as("1024Gi is 1Ti, 500m is 0.5").isTrue();
        assertThat(DesiredState.isSatisfiedBy(desired, shrunk, null)).isFalse();
    }

    static NetworkPolicy internalIn() {
        var vc = virtualCluster();
        var compiled = new NetworkPolicyCompiler(new ServiceTags(TestConfigs.shipped().serviceTags()))
                .compile(vc, EffectiveSecurityRules.of(vc.getSpec()), List.of("vnet-a"));
        return compiled.policies().stream().filter(p -> p.getMetadata().getName().equals("vc1-mi-internal-in")).findFirst().orElseThrow();
    }

    /** NetworkPolicies are compared spec for spec (the operator owns all of it): see NetworkPolicyDependentResource. */
    @Test
    void aPortRestrictionAddedToAnAllPortsPolicyIsDrift() {
        NetworkPolicy desired = internalIn();
        NetworkPolicy edited = new NetworkPolicyBuilder(desired).editMetadata().withResourceVersion("9").endMetadata()
                .editSpec().editFirstIngress().addNewPort().withProtocol("TCP").withPort(new IntOrString(80)).endPort()
                .endIngress().endSpec().build();

        assertThat(DesiredState.sameSpec(desired.getSpec(), edited.getSpec())).isFalse();
        assertThat(DesiredState.sameSpec(desired.getSpec(), new NetworkPolicyBuilder(desired).build().getSpec())).isTrue();
    }

    @Test
    void narrowingAnEmptyPodSelectorIsDrift() {
        NetworkPolicy desired = internalIn();
        NetworkPolicy narrowed = new NetworkPolicyBuilder(desired).editSpec().withNewPodSelector()
                .addToMatchLabels("app", "nothing").endPodSelector().endSpec().build();
        NetworkPolicy narrowedPeer = new NetworkPolicyBuilder(desired).editSpec().editFirstIngress().editFirstFrom()
                .withNewPodSelector().addToMatchLabels("app", "nothing").endPodSelector().endFrom().endIngress().endSpec().build();

        assertThat(DesiredState.sameSpec(desired.getSpec(), narrowed.getSpec())).isFalse();
        assertThat(DesiredState.sameSpec(desired.getSpec(), narrowedPeer.getSpec())).isFalse();
    }

    /** What the operator applied and no longer wants is seen through its managedFields entry, as the server keeps it. */
    @Test
    void turningZoneRedundancyOffIsAChange() {
        var config = TestConfigs.shipped();
        ManagedInstance redundant = managedInstance("mi1");
        redundant.getSpec().setZoneRedundant(true);
        ManagedInstance plain = managedInstance("mi1");
        StatefulSet stored = EngineStatefulSetBuilder.build(model(redundant), config, null);
        var fields = new io.fabric8.kubernetes.api.model.FieldsV1();
        fields.setAdditionalProperty("f:spec", java.util.Map.of("f:template", java.util.Map.of("f:spec",
                java.util.Map.of("f:topologySpreadConstraints", java.util.Map.of()))));
        stored.getMetadata().setManagedFields(List.of(new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                .withManager(DesiredState.FIELD_MANAGER).withOperation("Apply").withFieldsType("FieldsV1")
                .withFieldsV1(fields).build()));
        StatefulSet desired = EngineStatefulSetBuilder.build(model(plain), config, null);

        assertThat(DesiredState.isSatisfiedBy(desired, stored, null)).isFalse();
        assertThat(DesiredState.isSatisfiedBy(stored, stored, null)).as("unchanged stays satisfied").isTrue();
    }

    @Test
    void turningZoneRedundancyOnIsAChange() {
        var config = TestConfigs.shipped();
        ManagedInstance redundant = managedInstance("mi1");
        redundant.getSpec().setZoneRedundant(true);
        StatefulSet stored = EngineStatefulSetBuilder.build(model(managedInstance("mi1")), config, null);
        StatefulSet desired = EngineStatefulSetBuilder.build(model(redundant), config, null);

        assertThat(DesiredState.isSatisfiedBy(desired, stored, null)).isFalse();
        assertThat(DesiredState.isSatisfiedBy(desired, desired, null)).isTrue();
    }

    static InstanceModel model(ManagedInstance mi) {
        return new InstanceModel(mi, "mi1.a1b2c3d4e5f6.database.windows.net", 11000, "mi1-admin",
                "password", "x", null);
    }
}
