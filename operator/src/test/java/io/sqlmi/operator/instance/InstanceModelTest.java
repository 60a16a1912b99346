package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.capacity.CapacityPlanner;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class InstanceModelTest {

    final ManagedInstance mi = managedInstance("mi1");
    final AdminPassword generated = new AdminPassword("mi1-admin", "password", "s3cret-Pw");

    Hosting.Admitted admitted(VirtualCluster vc) {
        return (Hosting.Admitted) Hosting.of(mi, vc, List.of(mi), new CapacityPlanner(64), "database.windows.net");
    }

    @Test
    void anAdmittedInstanceWithItsPasswordAndPortGetsItsChildren() {
        VirtualCluster vc = HostingTest.serving("10.0.0.0/24");

        InstanceModel model = InstanceModel.desired(mi, new InstanceFacts(admitted(vc), generated, OptionalInt.of(11004),
                List.of())).orElseThrow();

        assertThat(model.instance()).isSameAs(mi);
        assertThat(model.fqdn()).isEqualTo("mi1.a1b2c3d4e5f6.database.windows.net");
        assertThat(model.redirectPort()).isEqualTo(11004);
        assertThat(model.adminSecretName()).isEqualTo("mi1-admin");
        assertThat(model.adminSecretKey()).isEqualTo("password");
        assertThat(model.adminPassword()).isEqualTo("s3cret-Pw");
        assertThat(model.placement()).as("no node pool, no placement").isNull();
    }

    @Test
    void inANodePoolTheChildrenRunOnTheVmGroupsClaimedNodes() {
        VirtualCluster vc = HostingTest.serving("10.0.0.0/24");
        vc.getStatus().setPlacement("NodePool");

        InstanceModel model = InstanceModel.desired(mi, new InstanceFacts(admitted(vc), generated, OptionalInt.of(11004),
                List.of())).orElseThrow();

        assertThat(model.placement()).isEqualTo(new Placement(NodePool.clusterId(vc), "standardseries-systemdefault"));
    }

    @Test
    void noChildrenWithoutThePasswordOrAPortOrBeforeAdmission() {
        VirtualCluster vc = HostingTest.serving("10.0.0.0/24");
        AdminPassword missing = new AdminPassword("my-secret", "pw", null);

        assertThat(InstanceModel.desired(mi, new InstanceFacts(admitted(vc), missing, OptionalInt.of(11004), List.of())))
                .isEmpty();
        assertThat(InstanceModel.desired(mi, new InstanceFacts(admitted(vc), generated, OptionalInt.empty(), List.of())))
                .isEmpty();
        assertThat(InstanceModel.desired(mi, InstanceFacts.notAdmitted(new Hosting.NoVirtualCluster("vc1"), List.of())))
                .isEmpty();
        assertThat(InstanceModel.desired(mi, InstanceFacts.notAdmitted(new Hosting.NotServing(vc, "why"), List.of())))
                .isEmpty();
    }
}
