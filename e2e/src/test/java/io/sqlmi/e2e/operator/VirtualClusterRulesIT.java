package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One virtual cluster per subnet, DNS zones shared with a partner, instances waiting for their cluster. */
class VirtualClusterRulesIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("vcrules");

    @BeforeAll
    static void operatorRuns() {
        OperatorProcess.shared();
    }

    @Test
    void aSecondVirtualClusterInTheSubnetIsRefusedWithTheReason() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("first", "10.7.0.0/24"));
        Wait.untilReady(ns, "VirtualCluster/first");
        Thread.sleep(1100); // creation timestamps have one-second resolution
        CustomResources.create(ns, CustomResources.virtualClusterYaml("second", "10.7.1.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "second", "GeneralPurpose", 4, 32));
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var second = CustomResources.virtualCluster(ns, "second");
            assertThat(state(second)).isEqualTo("Failed");
            assertThat(condition(second, "Accepted")).containsEntry("status", "False").containsEntry("reason", "DuplicateVirtualCluster");
            assertThat((String) condition(second, "Ready").get("message")).contains("already holds VirtualCluster first")
                    .contains("delete this one");
            var mi = CustomResources.managedInstance(ns, "mi1");
            assertThat(state(mi)).isEqualTo("Creating");
            assertThat((String) condition(mi, "Ready").get("message")).contains("already holds VirtualCluster first");
        });
        assertThat(client().apps().deployments().inNamespace(ns).withName("second-gateway").get()).isNull();
        assertThat(state(CustomResources.virtualCluster(ns, "first"))).isEqualTo("Ready");
    }

    @Test
    void aPartnerSharesItsDnsZoneOnceItHasOne() {
        String ns = namespace.name();
        String partnerNs = ns.substring(0, Math.min(45, ns.length())) + "-primary";
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(partnerNs).endMetadata().build()).create();
        try {
            CustomResources.create(ns, """
                    apiVersion: sqlmi.io/v1alpha1
                    kind: VirtualCluster
                    metadata: {name: secondary}
                    spec:
                      virtualNetwork: vnet-secondary
                      subnet: {addressPrefix: 10.8.0.0/24, delegation: Microsoft.Sql/managedInstances}
                      dnsZonePartner: {namespace: %s, name: primary}
                    """.formatted(partnerNs));
            Wait.atMost(Wait.READY).untilAsserted(() -> {
                var secondary = CustomResources.virtualCluster(ns, "secondary");
                assertThat(condition(secondary, "DnsZoneAssigned")).containsEntry("status", "False")
                        .containsEntry("reason", "PartnerNotFound");
                assertThat(CustomResources.<String>at(secondary, "status", "dnsZone")).isNull();
            });
            CustomResources.create(partnerNs, CustomResources.virtualClusterYaml("primary", "10.9.0.0/24"));
            Wait.atMost(Wait.READY).untilAsserted(() -> {
                String zone = at(CustomResources.virtualCluster(partnerNs, "primary"), "status", "dnsZone");
                assertThat(zone).matches("[0-9a-f]{12}");
                assertThat(CustomResources.<String>at(CustomResources.virtualCluster(ns, "secondary"), "status", "dnsZone")).isEqualTo(zone);
                assertThat(state(CustomResources.virtualCluster(ns, "secondary"))).isEqualTo("Ready");
            });
        } finally {
            client().namespaces().withName(partnerNs).delete();
        }
    }

    @Test
    void anInstanceWaitsForItsVirtualClusterAndThenStartsByItself() {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.instanceYaml("early", "later", "GeneralPurpose", 4, 32));
        Wait.atMost(Wait.READY).untilAsserted(() -> {
            var mi = CustomResources.managedInstance(ns, "early");
            assertThat(state(mi)).isEqualTo("Creating");
            assertThat(condition(mi, "VirtualClusterReady")).containsEntry("reason", "VirtualClusterNotFound");
        });
        CustomResources.create(ns, CustomResources.virtualClusterYaml("later", "10.10.0.0/24"));
        Wait.untilReady(ns, "ManagedInstance/early");
    }
}
