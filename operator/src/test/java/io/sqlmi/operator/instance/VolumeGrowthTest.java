package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import org.junit.jupiter.api.Test;

class VolumeGrowthTest {

    static StatefulSet engineWithClaimsOf(String size) {
        return new StatefulSetBuilder().withNewMetadata().withName("mi1").endMetadata().withNewSpec()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec()
                .endVolumeClaimTemplate().endSpec().build();
    }

    static PersistentVolumeClaim claimOf(String size) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-mi1-0").endMetadata().withNewSpec()
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec().build();
    }

    @Test
    void aLargerStorageSizeThanTheClaimTemplateIsTheTarget() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setStorageSizeInGB(128);

        assertThat(VolumeGrowth.target(mi, engineWithClaimsOf("64Gi"))).contains(new Quantity("128Gi"));
    }

    @Test
    void anEqualSizeWrittenCanonicallyOrNoEngineYetNeedsNothing() {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setStorageSizeInGB(1024);

        assertThat(VolumeGrowth.target(mi, engineWithClaimsOf("1Ti"))).isEmpty();
        assertThat(VolumeGrowth.target(mi, null)).isEmpty();
        assertThat(VolumeGrowth.target(mi, new StatefulSetBuilder().withNewSpec().endSpec().build())).isEmpty();
    }

    @Test
    void onlyClaimsSmallerThanTheTargetGrow() {
        Quantity target = new Quantity("128Gi");

        assertThat(VolumeGrowth.needsGrowth(claimOf("64Gi"), target)).isTrue();
        assertThat(VolumeGrowth.needsGrowth(claimOf("128Gi"), target)).isFalse();
        assertThat(VolumeGrowth.needsGrowth(claimOf("256Gi"), target)).as("never shrunk").isFalse();
        assertThat(VolumeGrowth.needsGrowth(null, target)).as("the StatefulSet creates missing claims").isFalse();
    }

    @Test
    void aGrownClaimRequestsTheTarget() {
        PersistentVolumeClaim grown = VolumeGrowth.grown(claimOf("64Gi"), new Quantity("128Gi"));

        assertThat(grown.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("128Gi"));
    }

    @Test
    void everyReplicaHasADataClaim() {
        assertThat(VolumeGrowth.claims(managedInstance("mi1"))).containsExactly("data-mi1-0");
        assertThat(VolumeGrowth.claims(managedInstance("mi1", Tier.BusinessCritical)))
                .containsExactly("data-mi1-0", "data-mi1-1", "data-mi1-2", "data-mi1-3");
    }
}
