package io.sqlmi.e2e.capacity;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A /27 has 32 addresses: 5 reserved, 8 for the VM group and 4 per General Purpose instance (2, doubled for
 * scaling). Four instances fit (8 + 16 = 24 of 27); the fifth waits, says why, and starts once one is deleted.
 */
class SmallSubnetIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("small");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @Test
    void theInstanceThatDoesNotFitWaitsAndStartsOnceRoomIsMade() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.30.0.0/27"));
        for (String name : List.of("a", "b", "c", "d")) {
            CustomResources.create(ns, CustomResources.instanceYaml(name, "vc1", "GeneralPurpose", 4, 32));
        }
        Wait.untilReady(ns, "ManagedInstance/a", "ManagedInstance/b", "ManagedInstance/c", "ManagedInstance/d");
        Map<String, String> versionsBefore = statefulSetVersions(ns);

        Thread.sleep(1100); // creation timestamps have one-second resolution: e comes after the others
        CustomResources.create(ns, CustomResources.instanceYaml("e", "vc1", "GeneralPurpose", 4, 32));
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var e = CustomResources.managedInstance(ns, "e");
            assertThat(state(e)).isEqualTo("Creating");
            assertThat(condition(e, "AddressSpaceAvailable")).containsEntry("status", "False").containsEntry("reason", "SubnetFull");
            assertThat((String) condition(e, "Ready").get("message"))
                    .contains("Subnet 10.30.0.0/27").contains("32 addresses").contains("needs 4").contains("2 are left")
                    .contains("starts by itself");
            var vc = CustomResources.virtualCluster(ns, "vc1");
            assertThat(condition(vc, "AddressSpaceSufficient")).containsEntry("status", "False");
            assertThat(CustomResources.<Map<String, Object>>at(vc, "status", "addresses"))
                    .containsEntry("total", 32).containsEntry("reservedByPlatform", 5).containsEntry("internalLoadBalancer", 1)
                    .containsEntry("used", 24).containsEntry("available", 2);
        });
        assertThat(client().apps().statefulSets().inNamespace(ns).withName("e").get()).as("nothing made for e").isNull();
        assertThat(statefulSetVersions(ns)).as("no other instance touched").isEqualTo(versionsBefore);
        List.of("a", "b", "c", "d").forEach(mi -> assertThat(state(CustomResources.managedInstance(ns, mi))).isEqualTo("Ready"));

        CustomResources.kind("ManagedInstance").inNamespace(ns).withName("b").delete();
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            assertThat(state(CustomResources.managedInstance(ns, "e"))).isEqualTo("Ready");
            assertThat(condition(CustomResources.virtualCluster(ns, "vc1"), "AddressSpaceSufficient")).containsEntry("status", "True");
            assertThat(CustomResources.<Number>at(CustomResources.virtualCluster(ns, "vc1"), "status", "addresses", "used").intValue()).isEqualTo(24);
        });
    }

    @Test
    void aSecondBusinessCriticalInstanceDoesNotFitASlash27() {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.31.0.0/27"));
        CustomResources.create(ns, CustomResources.instanceYaml("bc1", "vc1", "BusinessCritical", 4, 32));
        Wait.untilReady(ns, "ManagedInstance/bc1");
        CustomResources.create(ns, CustomResources.instanceYaml("bc2", "vc1", "BusinessCritical", 4, 32));
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var bc2 = CustomResources.managedInstance(ns, "bc2");
            assertThat(state(bc2)).isEqualTo("Creating");
            assertThat((String) condition(bc2, "AddressSpaceAvailable").get("message")).contains("needs 10").contains("8 are left");
        });
        assertThat(CustomResources.<Number>at(CustomResources.virtualCluster(ns, "vc1"), "status", "instances").intValue()).isEqualTo(1);
    }

    private static Map<String, String> statefulSetVersions(String ns) {
        return client().apps().statefulSets().inNamespace(ns).list().getItems().stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s.getMetadata().getResourceVersion()));
    }
}
