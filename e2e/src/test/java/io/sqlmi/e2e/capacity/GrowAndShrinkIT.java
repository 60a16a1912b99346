package io.sqlmi.e2e.capacity;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.PoolNodes;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One virtual cluster on a pool of nodes grows from 1 to 20 instances of mixed tiers and hardware and shrinks back
 * to none. At every step: VM groups and their claimed nodes, where every replica runs, the address accounting of
 * the subnet formula (5 + gp*4 + bc*10 + bc_zr*2 + vmg*8) and the gateway replicas.
 */
class GrowAndShrinkIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("grow");
    @RegisterExtension
    final PoolNodes pool = new PoolNodes("grow-pool");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    record Spec(String name, String tier, String hardware, int vCores, boolean zoneRedundant) {
        String group() {
            return (hardware + "-systemdefault").toLowerCase();
        }

        int addresses() {
            return "BusinessCritical".equals(tier) ? 10 + (zoneRedundant ? 2 : 0) : 4;
        }

        int replicas() {
            return "BusinessCritical".equals(tier) ? 4 : 1;
        }
    }

    static Spec spec(int i) {
        boolean bc = i % 4 == 3;
        return new Spec("mi" + i, bc ? "BusinessCritical" : "GeneralPurpose", i % 3 == 2 ? "PremiumSeries" : "StandardSeries",
                i % 2 == 0 ? 4 : 8, bc && i % 8 == 7);
    }

    @Test
    void growsFromOneToTwentyInstancesAndShrinksToNone() {
        String ns = namespace.name();
        pool.create(12);
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.20.0.0/24"));
        Wait.untilReady(ns, "VirtualCluster/vc1");
        String zone = at(CustomResources.virtualCluster(ns, "vc1"), "status", "dnsZone");

        List<Spec> live = new ArrayList<>();
        for (int target : List.of(1, 5, 10, 20)) {
            while (live.size() < target) {
                Spec spec = spec(live.size());
                CustomResources.create(ns, """
                        apiVersion: sqlmi.io/v1alpha1
                        kind: ManagedInstance
                        metadata: {name: %s}
                        spec: {virtualCluster: vc1, tier: %s, hardware: %s, vCores: %d, storageSizeInGB: 32,
                               administratorLogin: sqladmin, zoneRedundant: %s}
                        """.formatted(spec.name(), spec.tier(), spec.hardware(), spec.vCores(), spec.zoneRedundant()));
                live.add(spec);
            }
            assertSettled(ns, live);
        }
        for (int target : List.of(10, 3, 0)) {
            while (live.size() > target) {
                Spec removed = live.remove(live.size() - 1);
                CustomResources.kind("ManagedInstance").inNamespace(ns).withName(removed.name()).delete();
            }
            assertSettled(ns, live);
        }

        GenericKubernetesResource vc = CustomResources.virtualCluster(ns, "vc1");
        assertThat(CustomResources.<String>at(vc, "status", "dnsZone")).as("the zone outlives the instances").isEqualTo(zone);
        assertThat(client().network().networkPolicies().inNamespace(ns).withLabel("sqlmi.io/rule-origin", "Mandatory")
                .list().getItems()).as("the subnet keeps its rules").hasSize(7);
        assertThat(pool.claimedBy(ns, "vc1")).as("no node stays claimed").isEmpty();
    }

    @Test
    void deletingTheVirtualClusterGivesItsNodesBackToThePool() {
        String ns = namespace.name();
        pool.create(4);
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.21.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("bc", "vc1", "BusinessCritical", 4, 32));
        Wait.atMost(Wait.SETTLED).untilAsserted(() -> assertThat(pool.claimedBy(ns, "vc1")).hasSize(4));

        CustomResources.kind("VirtualCluster").inNamespace(ns).withName("vc1").delete();
        Wait.atMost(Wait.SETTLED).untilAsserted(() -> assertThat(pool.nodes()).allSatisfy(node -> {
            assertThat(node.getMetadata().getLabels()).doesNotContainKeys(PoolNodes.CLUSTER_LABEL, PoolNodes.GROUP_LABEL)
                    .containsEntry(PoolNodes.POOL_LABEL, "true");
            assertThat(node.getSpec().getTaints()).noneSatisfy(t -> assertThat(t.getKey()).isEqualTo("sqlmi.io/virtual-cluster"));
        }));
    }

    private void assertSettled(String ns, List<Spec> live) {
        Wait.atMost(Wait.SETTLED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            GenericKubernetesResource vc = CustomResources.virtualCluster(ns, "vc1");
            assertThat(state(vc)).isEqualTo("Ready");
            for (Spec spec : live) {
                assertThat(state(CustomResources.managedInstance(ns, spec.name()))).as(spec.name()).isEqualTo("Ready");
            }
            assertThat(CustomResources.<Number>at(vc, "status", "instances").intValue()).isEqualTo(live.size());
            assertThat(client().apps().deployments().inNamespace(ns).withName("vc1-gateway").get().getSpec().getReplicas())
                    .isEqualTo(live.isEmpty() ? 0 : Math.max(2, (live.size() + 19) / 20 + 1));
        });
        GenericKubernetesResource vc = CustomResources.virtualCluster(ns, "vc1");

        Set<String> groups = live.stream().map(Spec::group).collect(Collectors.toSet());
        int used = live.stream().mapToInt(Spec::addresses).sum() + 8 * groups.size();
        assertThat(CustomResources.<Map<String, Object>>at(vc, "status", "addresses"))
                .containsEntry("total", 256).containsEntry("reservedByPlatform", 5)
                .containsEntry("internalLoadBalancer", 1).containsEntry("used", used).containsEntry("available", 250 - used);

        List<Map<String, Object>> vmGroups = at(vc, "status", "vmGroups");
        assertThat(vmGroups).extracting(g -> (String) g.get("name")).containsExactlyInAnyOrderElementsOf(groups);
        Map<String, Node> nodesByName = pool.nodes().stream().collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n));
        Set<String> claimed = new HashSet<>();
        for (Map<String, Object> group : vmGroups) {
            String name = (String) group.get("name");
            @SuppressWarnings("unchecked")
            List<String> nodeNames = (List<String>) group.get("nodeNames");
            List<Spec> members = live.stream().filter(s -> s.group().equals(name)).toList();
            int vCores = members.stream().mapToInt(s -> s.vCores() * s.replicas()).sum();
            int lowerBound = Math.max((vCores + 63) / 64, members.stream().anyMatch(s -> s.replicas() == 4) ? 4 : 1);
            assertThat(group).containsEntry("instances", members.size()).containsEntry("nodes", nodeNames.size());
            assertThat(nodeNames.size()).as("nodes of " + name).isGreaterThanOrEqualTo(lowerBound).isLessThanOrEqualTo(members.size() * 4 + 2);
            for (String nodeName : nodeNames) {
                Node node = nodesByName.get(nodeName);
                assertThat(node.getMetadata().getLabels()).containsEntry(PoolNodes.CLUSTER_LABEL, ns + ".vc1")
                        .containsEntry(PoolNodes.GROUP_LABEL, name);
                assertThat(node.getSpec().getTaints()).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo("sqlmi.io/virtual-cluster");
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                });
                assertThat(claimed.add(nodeName)).as(nodeName + " in one group only").isTrue();
            }
            for (Spec member : members) {
                List<Pod> pods = client().pods().inNamespace(ns).withLabel("sqlmi.io/managed-instance", member.name())
                        .withLabel("app.kubernetes.io/component", "engine").list().getItems();
                assertThat(pods).hasSize(member.replicas());
                assertThat(pods).allSatisfy(p -> assertThat(nodeNames).as(p.getMetadata().getName() + " placement")
                        .contains(p.getSpec().getNodeName()));
                assertThat(pods.stream().map(p -> p.getSpec().getNodeName()).distinct()).as("replicas on distinct nodes")
                        .hasSize(member.replicas());
                if (member.zoneRedundant()) {
                    assertThat(pods.stream().map(p -> nodesByName.get(p.getSpec().getNodeName()).getMetadata().getLabels()
                            .get("topology.kubernetes.io/zone")).distinct()).as("zone-redundant replicas").hasSize(3);
                }
            }
        }
        assertThat(pool.claimedBy(ns, "vc1")).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(claimed);
    }
}
