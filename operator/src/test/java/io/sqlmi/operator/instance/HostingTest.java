package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostingTest {

    static final String ZONE = "a1b2c3d4e5f6";
    static final String SUFFIX = "database.windows.net";
    final CapacityPlanner planner = new CapacityPlanner(64);

    static VirtualCluster serving(String prefix) {
        VirtualCluster vc = virtualCluster("vc1", prefix);
        VirtualClusterStatus status = new VirtualClusterStatus();
        status.setDnsZone(ZONE);
        vc.setStatus(status);
        return vc;
    }

    @Test
    void withoutItsVirtualClusterTheInstanceWaitsForTheNameItGave() {
        ManagedInstance mi = managedInstance("mi1");

        Hosting hosting = Hosting.of(mi, null, List.of(mi), planner, SUFFIX);

        assertThat(hosting).isEqualTo(new Hosting.NoVirtualCluster("vc1"));
    }

    @Test
    void aClusterThatHasNotBeenReconciledOrHasNoZoneCannotHostYet() {
        ManagedInstance mi = managedInstance("mi1");
        VirtualCluster fresh = virtualCluster();
        VirtualCluster refused = serving("10.0.0.0/24");
        refused.getStatus().setConditions(List.of(new ConditionBuilder().withType("Accepted").withStatus("False")
                .withReason("DuplicateVirtualCluster").withMessage("Namespace x already holds VirtualCluster other.").build()));

        assertThat(Hosting.of(mi, fresh, List.of(mi), planner, SUFFIX))
                .isEqualTo(new Hosting.NotServing(fresh, "it has not been reconciled yet."));
        assertThat(Hosting.of(mi, refused, List.of(mi), planner, SUFFIX))
                .isEqualTo(new Hosting.NotServing(refused, "Namespace x already holds VirtualCluster other."));
    }

    @Test
    void anInstanceTheSubnetHoldsIsAdmittedWithItsHostName() {
        ManagedInstance mi = managedInstance("mi1");
        VirtualCluster vc = serving("10.0.0.0/24");

        Hosting hosting = Hosting.of(mi, vc, List.of(mi), planner, SUFFIX);

        assertThat(hosting).isInstanceOfSatisfying(Hosting.Admitted.class, admitted -> {
            assertThat(admitted.virtualCluster()).isSameAs(vc);
            assertThat(admitted.dnsZone()).isEqualTo(ZONE);
            assertThat(admitted.fqdn()).isEqualTo("mi1." + ZONE + "." + SUFFIX);
            assertThat(admitted.plan().admits("mi1")).isTrue();
        });
    }

    @Test
    void theSubnetAdmitsInTheVirtualClustersOrderSoALaterInstanceWaits() {
        // A /27 has 32 addresses, 27 after the platform's 5: one Business Critical instance with its VM group (18)
        // leaves 9, and a second one needs 10.
        VirtualCluster vc = serving("10.0.0.0/27");
        ManagedInstance first = managedInstance("first", Tier.BusinessCritical);
        first.getMetadata().setCreationTimestamp("2025-01-01T00:00:00Z");
        ManagedInstance second = managedInstance("second", Tier.BusinessCritical);
        second.getMetadata().setCreationTimestamp("2025-01-02T00:00:00Z");

        Hosting hosting = Hosting.of(second, vc, List.of(second, first), planner, SUFFIX);

        assertThat(hosting).isInstanceOfSatisfying(Hosting.SubnetFull.class, full -> {
            assertThat(full.fqdn()).isEqualTo("second." + ZONE + "." + SUFFIX);
            assertThat(full.refusal()).isEqualTo(full.plan().refused().get("second"));
            assertThat(full.plan().admits("first")).isTrue();
        });
    }
}
