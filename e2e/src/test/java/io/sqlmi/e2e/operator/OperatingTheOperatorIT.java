package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an operations team sees: health that reflects the informers, Prometheus metrics per kind, Events. */
class OperatingTheOperatorIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("ops");

    @Test
    void healthMetricsAndEventsDescribeTheWork() throws Exception {
        OperatorProcess operator = OperatorProcess.shared();
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.70.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.untilReady(ns, "ManagedInstance/mi1");

        String ready = operator.get("/q/health/ready");
        assertThat(ready).contains("\"status\": \"UP\"").contains("\"virtualcluster\": \"OK\"")
                .contains("\"managedinstance\": \"OK\"").contains("\"endpoint\": \"OK\"").contains("\"nodeclaim\": \"OK\"");
        assertThat(operator.get("/q/health/live")).contains("\"status\": \"UP\"");

        String metrics = operator.get("/q/metrics");
        for (String controller : List.of("virtualcluster", "managedinstance", "endpoint")) {
            // Timers per controller, not per object: the same tag names for every controller (OperatorMetrics).
            assertThat(metrics).as(controller).containsPattern("operator_sdk_reconciliations_executions_" + controller + " ")
                    .containsPattern("operator_sdk_controllers_execution_reconcile_success_total\\{controller=\"" + controller + "\"")
                    .containsPattern("operator_sdk_controllers_execution_reconcile_seconds_count\\{[^}]*controller=\"" + controller + "\"");
        }

        Wait.atMost(Wait.QUICK).untilAsserted(() -> {
            List<Event> events = client().events().v1().events().inNamespace(ns).list().getItems();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getRegarding().getKind()).isEqualTo("ManagedInstance");
                assertThat(e.getRegarding().getName()).isEqualTo("mi1");
                assertThat(e.getReason()).isEqualTo("Ready");
                assertThat(e.getReportingController()).isEqualTo("sqlmi.io/sqlmi-operator");
                assertThat(e.getNote()).contains("mi1.").contains(",1433");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getRegarding().getKind()).isEqualTo("VirtualCluster");
                assertThat(e.getReason()).isIn("Ready", "Resizing");
            });
        });
    }

    @Test
    void aMistypedReconcilePolicyIsReportedNotSilentlyIgnored() {
        OperatorProcess.shared();
        String ns = namespace.name();
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: VirtualCluster
                metadata:
                  name: vc1
                  annotations: {sqlmi.io/reconcile-policy: Skip}
                spec:
                  virtualNetwork: vnet-ops
                  subnet: {addressPrefix: 10.71.0.0/24, delegation: Microsoft.Sql/managedInstances}
                """);
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            assertThat(state(CustomResources.virtualCluster(ns, "vc1"))).as("an unknown value means manage").isEqualTo("Ready");
            assertThat(client().events().v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo("UnknownReconcilePolicy");
                assertThat(e.getNote()).contains("'Skip'").contains("manage, skip, detach-on-delete");
            });
        });
    }
}
