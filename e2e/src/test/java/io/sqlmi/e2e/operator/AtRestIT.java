package io.sqlmi.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.OperatorWrites;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GitOps-safe: once everything is Ready, the operator writes nothing for a whole minute. */
class AtRestIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("rest");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @Test
    void noWritesForSixtySecondsOnceReady() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: VirtualCluster
                metadata: {name: vc1}
                spec:
                  virtualNetwork: vnet-rest
                  subnet: {addressPrefix: 10.3.0.0/24, delegation: Microsoft.Sql/managedInstances}
                  networkSecurityGroup:
                    securityRules:
                    - {name: public_endpoint_inbound, priority: 1300, direction: Inbound, access: Allow, protocol: Tcp,
                       sourceAddressPrefix: Internet, destinationPortRange: "3342"}
                  routeTable:
                    routes:
                    - {name: to-onprem, addressPrefix: 192.168.0.0/16, nextHopType: VirtualNetworkGateway}
                """);
        CustomResources.create(ns, CustomResources.instanceYaml("gp", "vc1", "GeneralPurpose", 4, 64));
        CustomResources.create(ns, CustomResources.instanceYaml("bc", "vc1", "BusinessCritical", 8, 64));
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: gp-public}
                spec: {type: Public, managedInstance: {name: gp}}
                """);
        Wait.untilReady(ns, "VirtualCluster/vc1", "ManagedInstance/gp", "ManagedInstance/bc", "Endpoint/gp-public");
        Wait.untilGatewaySettled(Wait.READY, ns, "vc1");
        // Let the last status writes and informer echoes settle before the quiet minute starts.
        Thread.sleep(3000);
        Map<String, String> before = OperatorWrites.stamps(ns);
        long mark = OperatorWrites.auditMark();

        Thread.sleep(60_000);

        assertThat(OperatorWrites.stamps(ns)).isEqualTo(before);
        List<String> writes = OperatorWrites.auditedWritesSince(mark, OperatorWrites.FIELD_MANAGER, ns);
        assertThat(writes).as("write requests by the operator while at rest").isEmpty();
    }
}
