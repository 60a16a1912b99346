package io.sqlmi.operator.capacity;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.crds.v1alpha1.Hardware;
import io.sqlmi.operator.crds.v1alpha1.MaintenanceWindow;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceDemandTest {

    @Test
    void anInstanceAsksForItsTierSizeAndVmGroupWithTheDefaultsOfApiMd() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        mi.getSpec().setVCores(16);

        InstanceDemand demand = InstanceDemand.of(mi, false);

        assertThat(demand.name()).isEqualTo("mi1");
        assertThat(demand.created()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(demand.vmGroup()).isEqualTo("standardseries-systemdefault");
        assertThat(demand.tier()).isEqualTo(Tier.BusinessCritical);
        assertThat(demand.vCores()).isEqualTo(16);
        assertThat(demand.zoneRedundant()).isFalse();
        assertThat(demand.admitted()).isFalse();
        assertThat(demand.addresses()).isEqualTo(10);
    }

    @Test
    void hardwareAndMaintenanceWindowNameTheVmGroup() {
        ManagedInstance mi = managedInstance("mi1", Tier.BusinessCritical);
        mi.getSpec().setHardware(Hardware.PremiumSeriesMemoryOptimized);
        mi.getSpec().setMaintenanceWindow(MaintenanceWindow.Weekend);
        mi.getSpec().setZoneRedundant(true);

        InstanceDemand demand = InstanceDemand.of(mi, true);

        assertThat(demand.vmGroup()).isEqualTo("premiumseriesmemoryoptimized-weekend");
        assertThat(demand.zoneRedundant()).isTrue();
        assertThat(demand.admitted()).isTrue();
        assertThat(demand.addresses()).isEqualTo(12);
    }

    @Test
    void theCreationTimestampOfTheApiServerDecidesWhoComesFirst() {
        ManagedInstance early = managedInstance("zeta", Tier.BusinessCritical);
        early.getMetadata().setCreationTimestamp("2025-01-01T09:59:59Z");
        ManagedInstance late = managedInstance("alpha", Tier.BusinessCritical);
        late.getMetadata().setCreationTimestamp("2025-01-01T10:00:00Z");

        CapacityPlan plan = new CapacityPlanner(64).plan("10.0.0.0/27",
                List.of(InstanceDemand.of(late, false), InstanceDemand.of(early, false)));

        assertThat(plan.admitted()).containsExactly("zeta");
        assertThat(plan.refused()).containsOnlyKeys("alpha");
    }
}
