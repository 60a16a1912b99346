package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator is killed while it creates ten instances; started again, it converges with nothing duplicated. */
class RestartIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("restart");

    @Test
    void killedMidwayItConvergesWithoutDuplicatesAndKeepsRedirectPorts() {
        OperatorProcess operator = OperatorProcess.shared();
        String ns = namespace.name();
        List<String> names = IntStream.range(0, 10).mapToObj(i -> "mi" + i).toList();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.4.0.0/24"));
        names.forEach(mi -> CustomResources.create(ns, CustomResources.instanceYaml(mi, "vc1", mi.endsWith("3") || mi.endsWith("7")
                ? "BusinessCritical" : "GeneralPurpose", 4, 32)));

        Wait.atMost(Wait.READY).pollInterval(Duration.ofMillis(50))
                .until(() -> names.stream().anyMatch(mi -> at(CustomResources.managedInstance(ns, mi), "status", "redirectPort") != null));
        operator.kill();
        Map<String, Integer> portsBeforeKill = new HashMap<>();
        for (String mi : names) {
            Number port = at(CustomResources.managedInstance(ns, mi), "status", "redirectPort");
            if (port != null) {
                portsBeforeKill.put(mi, port.intValue());
            }
        }
        long readyBeforeKill = names.stream().filter(mi -> "Ready".equals(state(CustomResources.managedInstance(ns, mi)))).count();
        operator.start();

        Wait.untilState(Wait.SETTLED, "Ready", ns, names.stream().map(mi -> "ManagedInstance/" + mi).toArray(String[]::new));
        Map<String, Integer> portsAfter = new HashMap<>();
        for (String mi : names) {
            GenericKubernetesResource instance = CustomResources.managedInstance(ns, mi);
            portsAfter.put(mi, CustomResources.<Number>at(instance, "status", "redirectPort").intValue());
        }
        assertThat(portsAfter).as("ports recorded before the kill (%d of 10 instances were Ready)", readyBeforeKill)
                .containsAllEntriesOf(portsBeforeKill);
        assertThat(portsAfter.values()).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(11000, 11999));

        assertThat(client().apps().statefulSets().inNamespace(ns).list().getItems()).hasSize(10);
        assertThat(client().apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
        assertThat(client().services().inNamespace(ns).list().getItems())
                .as("per instance: replicas and primary; per Business Critical instance: its readable secondary; the gateway")
                .hasSize(10 * 2 + 2 + 1);
        assertThat(client().secrets().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "sqlmi-operator")
                .list().getItems()).as("per instance: admin, engine credentials, connection, engine certificate; the gateway's certificate")
                .hasSize(10 * 4 + 1);
        assertThat(CustomResources.kind("Endpoint").inNamespace(ns).list().getItems()).hasSize(10);
        assertThat(client().pods().inNamespace(ns).withLabel("app.kubernetes.io/component", "engine").list().getItems())
                .hasSize(8 * 1 + 2 * 4);
        assertThat(client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "sqlmi-operator")
                .list().getItems()).hasSize(1);
    }
}
