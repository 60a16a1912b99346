package io.sqlmi.operator.capacity;

import static io.sqlmi.operator.capacity.Demands.PREMIUM;
import static io.sqlmi.operator.capacity.Demands.STANDARD;
import static io.sqlmi.operator.capacity.Demands.STANDARD_WEEKEND;
import static io.sqlmi.operator.capacity.Demands.admitted;
import static io.sqlmi.operator.capacity.Demands.bc;
import static io.sqlmi.operator.capacity.Demands.bcZoneRedundant;
import static io.sqlmi.operator.capacity.Demands.gp;
import static io.sqlmi.operator.capacity.Demands.stopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sqlmi.operator.crds.v1alpha1.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {

    static final String SLASH_27 = "10.0.0.0/27";
    static final String LARGE = "10.0.0.0/16";

    final CapacityPlanner planner = new CapacityPlanner(64);

    int nodes(List<InstanceDemand> demands, String group) {
        CapacityPlan plan = planner.plan(LARGE, demands);
        assertThat(plan.refused()).as("a /16 admits every instance of these tests").isEmpty();
        CapacityPlan.GroupPlan g = plan.group(group);
        return g == null ? 0 : g.nodes();
    }

    /** Admission: first come, first served; once admitted, never displaced. */
    @Nested
    class Admission {

        @Test
        void instancesAreAdmittedInTheOrderTheyWereCreated() {
            // A /27 leaves 27 addresses: one BC in a new group takes 18, leaving 9, too few for a second BC.
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("late", 20), bc("early", 10)));

            assertThat(plan.admitted()).containsExactly("early");
            assertThat(plan.refused()).containsOnlyKeys("late");
        }

        @Test
        void instancesCreatedInTheSameSecondAreAdmittedByName() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("mi-b", 10), bc("mi-a", 10)));

            assertThat(plan.admitted()).containsExactly("mi-a");
            assertThat(plan.refused()).containsOnlyKeys("mi-b");
        }

        @Test
        void anInstanceHoldingAddressesIsNeverDisplacedByAnEarlierNewcomer() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(admitted(bc("holder", 50)), bc("earlier", 10)));

            assertThat(plan.admitted()).containsExactly("holder");
            assertThat(plan.refused()).containsOnlyKeys("earlier");
        }

        @Test
        void anInstanceHoldingAddressesIsNeverDisplacedByASmallerNewcomer() {
            // The holders use 18 + 4 + 4 of 26 addresses (27 minus the internal load balancer's); a GP that came first but was not admitted yet must wait.
            CapacityPlan plan = planner.plan(SLASH_27, List.of(admitted(bc("holder", 50)), admitted(gp("gp", 60)),
                    admitted(gp("gp2", 61)), gp("small-and-early", 1)));

            assertThat(plan.admitted()).containsExactlyInAnyOrder("holder", "gp", "gp2");
            assertThat(plan.refused()).containsExactly(
                    org.assertj.core.api.Assertions.entry("small-and-early", new CapacityPlan.Refusal(4, 0, false)));
            assertThat(plan.used()).isEqualTo(26);
        }

        @Test
        void aRefusalNamesTheAddressesNeededAndThoseLeft() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("first", 1), bc("second", 2)));

            assertThat(plan.refused().get("second")).isEqualTo(new CapacityPlan.Refusal(10, 8, false));
            assertThat(plan.available()).isEqualTo(8);
            assertThat(plan.admits("first")).isTrue();
            assertThat(plan.admits("second")).isFalse();
        }

        @Test
        void aRefusalSaysWhenTheInstanceWouldNeedANewVmGroup() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("first", 1), gp("premium", 2, PREMIUM, 4)));

            // 4 for the instance and 8 for the premium-series VM group it would open; 8 are left.
            assertThat(plan.refused().get("premium")).isEqualTo(new CapacityPlan.Refusal(12, 8, true));
        }

        @Test
        void aSmallInstanceInAnExistingGroupFitsWhereANewGroupWouldNot() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("first", 1), gp("premium", 2, PREMIUM, 4),
                    gp("standard", 3, STANDARD, 4)));

            assertThat(plan.admitted()).containsExactly("first", "standard");
            assertThat(plan.refused()).containsOnlyKeys("premium");
            assertThat(plan.used()).isEqualTo(22);
            assertThat(plan.available()).isEqualTo(4);
        }

        @Test
        void aLaterSmallInstanceFitsWhereAnEarlierBigOneDidNot() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("first", 1), bc("big", 2), gp("small", 3)));

            assertThat(plan.admitted()).containsExactly("first", "small");
            assertThat(plan.refused()).containsOnlyKeys("big");
            assertThat(plan.refused().get("big").available()).isEqualTo(8);
        }

        @Test
        void deletingAnInstanceAdmitsTheOneWaiting() {
            InstanceDemand first = admitted(bc("first", 1));
            InstanceDemand small = admitted(gp("small", 3));
            InstanceDemand waiting = bc("waiting", 2);
            assertThat(planner.plan(SLASH_27, List.of(first, waiting, small)).refused()).containsOnlyKeys("waiting");

            CapacityPlan afterDelete = planner.plan(SLASH_27, List.of(waiting, small));

            assertThat(afterDelete.admitted()).containsExactlyInAnyOrder("small", "waiting");
            assertThat(afterDelete.refused()).isEmpty();
            assertThat(afterDelete.used()).isEqualTo(4 + 10 + 8);
        }

        @Test
        void theRefusedAreNotCountedInTheAddressesOrTheNodes() {
            CapacityPlan plan = planner.plan(SLASH_27, List.of(bc("first", 1), bc("second", 2)));

            assertThat(plan.used()).isEqualTo(18);
            assertThat(plan.groups()).singleElement().satisfies(g -> {
                assertThat(g.instances()).isEqualTo(1);
                assertThat(g.vCores()).isEqualTo(16);
                assertThat(g.nodes()).isEqualTo(4);
            });
        }

        @Test
        void anInstanceWithoutCreationTimestampComesLast() {
            InstanceDemand unknown = new InstanceDemand("aaa", null, STANDARD, Tier.BusinessCritical, 4, false, false);

            CapacityPlan plan = planner.plan(SLASH_27, List.of(unknown, bc("zzz", 100)));

            assertThat(plan.admitted()).containsExactly("zzz");
        }
    }

    /** Nodes per VM group: vCores per node, Business Critical replicas on distinct nodes and zones. */
    @Nested
    class Nodes {

        @Test
        void generalPurposeInstancesShareNodesByVCores() {
            List<InstanceDemand> sixteen = IntStream.range(0, 16).mapToObj(i -> gp("gp" + i, i)).toList();
            List<InstanceDemand> seventeen = IntStream.range(0, 17).mapToObj(i -> gp("gp" + i, i)).toList();

            assertThat(nodes(List.of(gp("gp", 1)), STANDARD)).isEqualTo(1);
            assertThat(nodes(sixteen, STANDARD)).as("16 x 4 vCores fill one 64-vCore node").isEqualTo(1);
            assertThat(nodes(seventeen, STANDARD)).isEqualTo(2);
            assertThat(nodes(List.of(gp("a", 1, STANDARD, 32), gp("b", 2, STANDARD, 32)), STANDARD)).isEqualTo(1);
            assertThat(nodes(List.of(gp("a", 1, STANDARD, 32), gp("b", 2, STANDARD, 32), gp("c", 3, STANDARD, 8)), STANDARD))
                    .isEqualTo(2);
        }

        @Test
        void theNodeSizeComesFromTheConfiguredVCoresPerNode() {
            List<InstanceDemand> four = IntStream.range(0, 4).mapToObj(i -> gp("gp" + i, i, STANDARD, 8)).toList();

            assertThat(new CapacityPlanner(16).plan(LARGE, four).group(STANDARD).nodes()).isEqualTo(2);
            assertThat(new CapacityPlanner(32).plan(LARGE, four).group(STANDARD).nodes()).isEqualTo(1);
        }

        @Test
        void aReplicaLargerThanANodeGetsANodeOfItsOwn() {
            assertThat(nodes(List.of(gp("huge", 1, STANDARD, 80)), STANDARD)).isEqualTo(1);
            assertThat(nodes(List.of(gp("huge", 1, STANDARD, 80), gp("small", 2, STANDARD, 4)), STANDARD))
                    .as("nothing shares the node of an 80-vCore replica").isEqualTo(2);
            assertThat(nodes(List.of(bc("huge", 1, STANDARD, 80)), STANDARD)).isEqualTo(4);
        }

        @Test
        void businessCriticalNeedsFourDistinctNodesEvenWhenOneWouldHoldItsVCores() {
            assertThat(nodes(List.of(bc("bc", 1)), STANDARD)).isEqualTo(4);
            assertThat(nodes(List.of(bc("a", 1), bc("b", 2)), STANDARD)).as("replicas of different instances may share")
                    .isEqualTo(4);
            assertThat(nodes(List.of(bc("a", 1, STANDARD, 32), bc("b", 2, STANDARD, 32)), STANDARD)).isEqualTo(4);
            assertThat(nodes(List.of(bc("a", 1, STANDARD, 40), bc("b", 2, STANDARD, 40)), STANDARD))
                    .as("two 40-vCore replicas do not fit a 64-vCore node").isEqualTo(8);
        }

        @Test
        void aZoneRedundantBusinessCriticalAlsoNeedsFourNodes() {
            assertThat(nodes(List.of(bcZoneRedundant("zr", 1, STANDARD, 4)), STANDARD)).isEqualTo(4);
            assertThat(nodes(List.of(bcZoneRedundant("zr", 1, STANDARD, 80)), STANDARD)).isEqualTo(4);
        }

        @Test
        void aZoneRedundantBusinessCriticalNeverNeedsFewerNodesThanAPlainOne() {
            // Zone redundancy adds a constraint (three zones among the four replicas), never removes one.
            List<InstanceDemand> base = List.of(gp("gp-48", 1, STANDARD, 48), gp("gp-40", 2, STANDARD, 40),
                    gp("gp-32a", 3, STANDARD, 32), gp("gp-32b", 4, STANDARD, 32));
            List<InstanceDemand> plain = new ArrayList<>(base);
            plain.add(bc("mi-bc", 5, STANDARD, 8));
            List<InstanceDemand> redundant = new ArrayList<>(base);
            redundant.add(bcZoneRedundant("mi-bc", 5, STANDARD, 8));

            assertThat(nodes(base, STANDARD)).isEqualTo(3);
            assertThat(nodes(plain, STANDARD)).isGreaterThanOrEqualTo(4);
            assertThat(nodes(redundant, STANDARD)).isGreaterThanOrEqualTo(nodes(plain, STANDARD));
        }

        @Test
        void eachHardwareAndMaintenanceWindowIsAGroupOfItsOwn() {
            CapacityPlan plan = planner.plan(LARGE, List.of(gp("std", 1), gp("std2", 2), gp("prem", 3, PREMIUM, 8),
                    bc("weekend", 4, STANDARD_WEEKEND, 4)));

            assertThat(plan.groups()).extracting(CapacityPlan.GroupPlan::name, CapacityPlan.GroupPlan::instances,
                            CapacityPlan.GroupPlan::nodes, CapacityPlan.GroupPlan::vCores)
                    .containsExactly(
                            tuple(PREMIUM, 1, 1, 8),
                            tuple(STANDARD, 2, 1, 8),
                            tuple(STANDARD_WEEKEND, 1, 4, 16));
            assertThat(plan.used()).isEqualTo(4 + 4 + 4 + 10 + 3 * 8);
        }

        @Test
        void groupVCoresCountEveryReplica() {
            CapacityPlan plan = planner.plan(LARGE, List.of(gp("gp", 1, STANDARD, 8), bc("bc", 2, STANDARD, 16)));

            assertThat(plan.group(STANDARD).vCores()).isEqualTo(8 + 4 * 16);
        }

        @Test
        void aGroupWithoutInstancesIsNotPlanned() {
            CapacityPlan plan = planner.plan(LARGE, List.of(gp("std", 1)));

            assertThat(plan.group(PREMIUM)).isNull();
            assertThat(plan.groups()).extracting(CapacityPlan.GroupPlan::name).containsExactly(STANDARD);
        }

        @Test
        void addingGeneralPurposeInstancesNeverShrinksTheGroup() {
            assertGrowthIsMonotone(new Random(11), 40, false);
        }

        @Test
        void addingBusinessCriticalInstancesNeverShrinksTheGroup() {
            assertGrowthIsMonotone(new Random(12), 30, true);
        }

        @Test
        void addingAnInstanceToAnotherGroupLeavesAGroupAsItIs() {
            List<InstanceDemand> standard = List.of(gp("a", 1, STANDARD, 32), bc("b", 2, STANDARD, 16));
            List<InstanceDemand> withPremium = new ArrayList<>(standard);
            withPremium.add(bc("p", 3, PREMIUM, 64));

            assertThat(nodes(withPremium, STANDARD)).isEqualTo(nodes(standard, STANDARD));
        }

        @Test
        void addingABusinessCriticalToGeneralPurposeInstancesNeverShrinksTheGroup() {
            List<InstanceDemand> before = List.of(gp("gp-a", 1, STANDARD, 32), gp("gp-b", 2, STANDARD, 32),
                    bc("bc-small", 3, STANDARD, 4));
            List<InstanceDemand> after = new ArrayList<>(before);
            after.add(bc("bc-big", 4, STANDARD, 16));

            assertThat(nodes(after, STANDARD)).isGreaterThanOrEqualTo(nodes(before, STANDARD));
        }

        /** Adds random instances of one tier one at a time; the group's nodes never go down. */
        private void assertGrowthIsMonotone(Random random, int instances, boolean businessCritical) {
            int[] sizes = {4, 8, 16, 24, 32, 40, 48, 64, 80};
            List<InstanceDemand> demands = new ArrayList<>();
            int previous = 0;
            for (int i = 0; i < instances; i++) {
                int vCores = sizes[random.nextInt(sizes.length)];
                demands.add(businessCritical
                        ? (random.nextBoolean() ? bc("mi" + i, i, STANDARD, vCores) : bcZoneRedundant("mi" + i, i, STANDARD, vCores))
                        : gp("mi" + i, i, STANDARD, vCores));
                int now = nodes(demands, STANDARD);
                assertThat(now).as("nodes after adding %s", demands.get(i)).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
        }
    }

    /** A Stopped instance gives its vCores back to the virtual cluster and keeps its place in the subnet. */
    @Nested
    class StoppedInstances {

        @Test
        void aStoppedInstanceKeepsItsAddressesButNeedsNoVCoresAndNoNodes() {
            CapacityPlan running = planner.plan(LARGE, List.of(admitted(gp("mi1", 1, STANDARD, 16)), gp("mi2", 2, STANDARD, 8)));
            CapacityPlan oneStopped = planner.plan(LARGE, List.of(stopped(gp("mi1", 1, STANDARD, 16)), gp("mi2", 2, STANDARD, 8)));

            assertThat(oneStopped.used()).as("addresses").isEqualTo(running.used());
            assertThat(oneStopped.admitted()).containsExactlyInAnyOrder("mi1", "mi2");
            assertThat(oneStopped.group(STANDARD)).isEqualTo(new CapacityPlan.GroupPlan(STANDARD, 2, 1, 1, 8));
            assertThat(running.group(STANDARD)).isEqualTo(new CapacityPlan.GroupPlan(STANDARD, 2, 0, 1, 24));
        }

        @Test
        void aGroupOfStoppedInstancesWantsNoNodeYetKeepsItsEightAddresses() {
            CapacityPlan plan = planner.plan(LARGE, List.of(gp("std", 1), stopped(gp("prem", 2, PREMIUM, 8))));

            assertThat(plan.group(PREMIUM)).isEqualTo(new CapacityPlan.GroupPlan(PREMIUM, 1, 1, 0, 0));
            assertThat(plan.used()).isEqualTo(4 + 4 + 2 * 8);
        }

        @Test
        void aNewcomerCannotTakeTheAddressesOfAStoppedInstance() {
            // A /27 holds one Business Critical instance (18 of its 27 addresses); stopped, it still does.
            CapacityPlan plan = planner.plan(SLASH_27, List.of(stopped(bc("sleeper", 50)), bc("newcomer", 10)));

            assertThat(plan.admitted()).containsExactly("sleeper");
            assertThat(plan.refused()).containsOnlyKeys("newcomer");
        }

        @Test
        void stoppingABusinessCriticalInstanceFreesItsFourNodes() {
            List<InstanceDemand> both = List.of(admitted(bc("bc", 1, STANDARD, 32)), gp("gp", 2, STANDARD, 32));

            assertThat(nodes(both, STANDARD)).isEqualTo(4);
            assertThat(nodes(List.of(stopped(both.get(0)), both.get(1)), STANDARD)).isEqualTo(1);
        }

        @Test
        void theGatewayStillCountsAStoppedInstance() {
            CapacityPlan plan = planner.plan(LARGE, List.of(stopped(gp("mi1", 1))));

            assertThat(plan.admittedCount()).as("its logins are answered, with a clear error").isEqualTo(1);
        }
    }
}
