package io.sqlmi.operator.capacity;

import static io.sqlmi.operator.capacity.Demands.PREMIUM;
import static io.sqlmi.operator.capacity.Demands.STANDARD;
import static io.sqlmi.operator.capacity.Demands.bc;
import static io.sqlmi.operator.capacity.Demands.bcZoneRedundant;
import static io.sqlmi.operator.capacity.Demands.gp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.crds.v1alpha1.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The subnet formula of mi/vnet-subnet-determine-size.md (09/11/2025), azure-sql-mi-facts.md section 2:
 * {@code 5 + gp*4 + bc*10 + bc_zr*2 + vmg*8}, checked against the fact sheet's worked examples.
 */
class CapacityModelTest {

    final CapacityPlanner planner = new CapacityPlanner(64);

    /** The fact sheet's first example: 3 GP + 2 BC in 1 VM group. */
    static List<InstanceDemand> threeGpTwoBcInOneGroup() {
        return List.of(gp("gp1", 1), gp("gp2", 2), gp("gp3", 3), bc("bc1", 4), bc("bc2", 5));
    }

    /** The fact sheet's second example: 4 GP + 3 BC, one of them zone redundant, in 2 VM groups. */
    static List<InstanceDemand> fourGpThreeBcOneZoneRedundantInTwoGroups() {
        return List.of(gp("gp1", 1), gp("gp2", 2), gp("gp3", 3, PREMIUM, 4), gp("gp4", 4, PREMIUM, 4),
                bc("bc1", 5), bc("bc2", 6, PREMIUM, 4), bcZoneRedundant("bc3", 7, STANDARD, 4));
    }

    @Test
    void theFormulaIsStatedWithItsSourceAndVersion() {
        assertThat(CapacityModel.FORMULA_SOURCE).contains("mi/vnet-subnet-determine-size.md").contains("09/11/2025")
                .contains("5 + gp*4 + bc*10 + bc_zr*2 + vmg*8");
        assertThat(CapacityModel.RESERVED_BY_PLATFORM).isEqualTo(5);
        assertThat(CapacityModel.PER_VM_GROUP).isEqualTo(8);
    }

    @Test
    void eachInstanceTakesItsFormulaShareWhichKeepsRoomForTheDoublingOfAScale() {
        assertThat(CapacityModel.addressesOf(Tier.GeneralPurpose, false)).isEqualTo(4);
        assertThat(CapacityModel.addressesOf(Tier.GeneralPurpose, true)).as("zone redundancy adds only to BC").isEqualTo(4);
        assertThat(CapacityModel.addressesOf(Tier.BusinessCritical, false)).isEqualTo(10);
        assertThat(CapacityModel.addressesOf(Tier.BusinessCritical, true)).isEqualTo(12);
    }

    @Test
    void singleInstanceTotalsOfTheFactSheetAreThePermanentAddressesReservedFiveIncluded() {
        int gp = CapacityModel.RESERVED_BY_PLATFORM + CapacityModel.PER_VM_GROUP + CapacityModel.GENERAL_PURPOSE;
        int bcTotal = CapacityModel.RESERVED_BY_PLATFORM + CapacityModel.PER_VM_GROUP + CapacityModel.BUSINESS_CRITICAL;

        assertThat(gp).isEqualTo(15);
        assertThat(bcTotal).isEqualTo(18);
        assertThat(bcTotal + CapacityModel.ZONE_REDUNDANT_EXTRA).isEqualTo(20);
    }

    @Test
    void aSingleInstanceIsAdmittedWithItsScaleReserveAndFitsTheSmallestSubnet() {
        // The formula keeps the scale reserve: 15, 18 and 20 permanent addresses become 17, 23 and 25.
        CapacityPlan gpPlan = planner.plan("10.0.0.0/27", List.of(gp("gp1", 1)));
        CapacityPlan bcPlan = planner.plan("10.0.0.0/27", List.of(bc("bc1", 1)));
        CapacityPlan zrPlan = planner.plan("10.0.0.0/27", List.of(bcZoneRedundant("bc1", 1, STANDARD, 4)));

        assertThat(gpPlan.reservedByPlatform() + gpPlan.used()).isEqualTo(17);
        assertThat(bcPlan.reservedByPlatform() + bcPlan.used()).isEqualTo(23);
        assertThat(zrPlan.reservedByPlatform() + zrPlan.used()).isEqualTo(25);
        assertThat(List.of(gpPlan, bcPlan, zrPlan)).allSatisfy(p -> assertThat(p.refused()).isEmpty());
    }

    @Test
    void threeGeneralPurposeAndTwoBusinessCriticalInOneGroupUse45AddressesAndFitASlash26() {
        CapacityPlan plan = planner.plan("10.0.0.0/26", threeGpTwoBcInOneGroup());

        assertThat(plan.reservedByPlatform() + plan.used()).isEqualTo(45);
        assertThat(plan.admitted()).containsExactlyInAnyOrder("gp1", "gp2", "gp3", "bc1", "bc2");
        assertThat(plan.refused()).isEmpty();
        assertThat(plan.groups()).singleElement().satisfies(g -> assertThat(g.name()).isEqualTo(STANDARD));
    }

    @Test
    void threeGeneralPurposeAndTwoBusinessCriticalDoNotFitASlash27() {
        CapacityPlan plan = planner.plan("10.0.0.0/27", threeGpTwoBcInOneGroup());

        assertThat(plan.refused()).isNotEmpty();
        assertThat(plan.admittedCount()).isLessThan(5);
        assertThat(plan.reservedByPlatform() + plan.used()).isLessThanOrEqualTo(32);
    }

    @Test
    void fourGeneralPurposeAndThreeBusinessCriticalOneZoneRedundantInTwoGroupsUse69AndFitASlash25() {
        CapacityPlan plan = planner.plan("10.0.0.0/25", fourGpThreeBcOneZoneRedundantInTwoGroups());

        assertThat(plan.reservedByPlatform() + plan.used()).isEqualTo(69);
        assertThat(plan.admittedCount()).isEqualTo(7);
        assertThat(plan.refused()).isEmpty();
        assertThat(plan.groups()).extracting(CapacityPlan.GroupPlan::name).containsExactly(PREMIUM, STANDARD);
    }

    @Test
    void fourGeneralPurposeAndThreeBusinessCriticalDoNotFitASlash26() {
        CapacityPlan plan = planner.plan("10.0.0.0/26", fourGpThreeBcOneZoneRedundantInTwoGroups());

        assertThat(plan.refused()).isNotEmpty();
        assertThat(plan.reservedByPlatform() + plan.used()).isLessThanOrEqualTo(64);
    }

    @Test
    void thePlanAccountsForEveryAddressOfTheSubnet() {
        CapacityPlan plan = planner.plan("10.0.0.0/26", threeGpTwoBcInOneGroup());

        assertThat(plan.subnet()).isEqualTo("10.0.0.0/26");
        assertThat(plan.total()).isEqualTo(64);
        assertThat(plan.reservedByPlatform()).isEqualTo(5);
        assertThat(plan.used()).isEqualTo(40);
        assertThat(plan.loadBalancer()).as("the internal load balancer").isEqualTo(1);
        assertThat(plan.available()).isEqualTo(18);
        assertThat(plan.reservedByPlatform() + plan.loadBalancer() + plan.used() + plan.available()).isEqualTo(plan.total());
    }

    @Test
    void anEmptySubnetHasOnlyThePlatformsReservation() {
        CapacityPlan plan = planner.plan("10.0.0.0/24", List.of());

        assertThat(plan.total()).isEqualTo(256);
        assertThat(plan.used()).isZero();
        assertThat(plan.available()).as("the internal load balancer takes one").isEqualTo(250);
        assertThat(plan.groups()).isEmpty();
        assertThat(plan.admittedCount()).isZero();
    }

    @Test
    void eachVmGroupCostsEightAddressesOnce() {
        CapacityPlan oneGroup = planner.plan("10.0.0.0/24", List.of(gp("a", 1), gp("b", 2)));
        CapacityPlan twoGroups = planner.plan("10.0.0.0/24", List.of(gp("a", 1), gp("b", 2, PREMIUM, 4)));

        assertThat(oneGroup.used()).isEqualTo(2 * 4 + 8);
        assertThat(twoGroups.used()).isEqualTo(2 * 4 + 2 * 8);
    }

    @Test
    void businessCriticalNeedsFourReplicasGeneralPurposeOne() {
        assertThat(CapacityModel.replicasOf(Tier.BusinessCritical)).isEqualTo(4);
        assertThat(CapacityModel.replicasOf(Tier.GeneralPurpose)).isEqualTo(1);
    }
}
