package io.sqlmi.e2e.dns;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.sqlmi.e2e.support.ClusterPods;
import io.sqlmi.e2e.support.ClusterPods.Exec;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.ProductDns;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint reachable by its Azure host name, from pods on the real node: the gateway's Service is the internal
 * load balancer at network + 4 of the subnet, a public endpoint gets an address of the public pool, the product's DNS
 * (the chart's CoreDNS, which the cluster DNS forwards the suffix to) answers the host names with those addresses,
 * follows new and deleted instances within seconds, and a FreeTDS tsql login by host name reaches the engine
 * through the gateway.
 */
class HostNamesIT {

    static final String SUFFIX = "database.windows.net";

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("hostnames");

    @BeforeAll
    static void operatorAndProductDnsRunOnTheRealNode() {
        LocalCluster.assumeRealNode();
        ProductDns.ensure();
        OperatorProcess.shared();
    }

    @Test
    void eachHostNameResolvesToItsEndpointsAddressAndTsqlLogsInByTheVnetLocalName() {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.73.0.0/24"));
        long applied = System.nanoTime();
        CustomResources.create(ns, proxiedInstance("mi1"));
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: mi1-public}
                spec: {type: Public, managedInstance: {name: mi1}}
                """);
        String otherVnet = ns.substring(0, Math.min(40, ns.length())) + "-vnet-b";
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(otherVnet)
                .addToLabels("sqlmi.io/e2e", "true").addToLabels("sqlmi.io/virtual-network", "vnet-b").endMetadata().build()).create();
        try {
            CustomResources.create(otherVnet, CustomResources.privateEndpointYaml("mi1-pe", "mi1", ns));
            resolveAndLogIn(ns, otherVnet, applied);
        } finally {
            client().namespaces().withName(otherVnet).delete();
        }
    }

    private void resolveAndLogIn(String ns, String otherVnet, long applied) {
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1", "Endpoint/mi1-public");
        Wait.untilState(Wait.READY, "Approved", otherVnet, "Endpoint/mi1-pe");

        Service gateway = client().services().inNamespace(ns).withName("vc1-gateway").get();
        assertThat(gateway.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(gateway.getSpec().getLoadBalancerClass()).isEqualTo("sqlmi.io/subnet");
        assertThat(gateway.getStatus().getLoadBalancer().getIngress()).singleElement()
                .satisfies(i -> assertThat(i.getIp()).as("network + 4 of 10.73.0.0/24").isEqualTo("10.73.0.4"));
        GenericKubernetesResource vc = CustomResources.virtualCluster(ns, "vc1");
        assertThat(CustomResources.<String>at(vc, "status", "gateway", "address")).isEqualTo("10.73.0.4");
        assertThat(CustomResources.<Number>at(vc, "status", "addresses", "internalLoadBalancer").intValue()).isEqualTo(1);
        assertThat(CustomResources.<String>at(CustomResources.endpoint(ns, "mi1-vnet-local"), "status", "address"))
                .isEqualTo("10.73.0.4");
        String publicAddress = at(CustomResources.endpoint(ns, "mi1-public"), "status", "address");
        assertThat(publicAddress).as("from the public pool 198.18.0.0/24").matches("198\\.18\\.0\\.\\d+");
        assertThat(client().services().inNamespace(ns).withName("mi1-public").get().getSpec().getLoadBalancerClass())
                .isEqualTo("sqlmi.io/public");
        String privateAddress = at(CustomResources.endpoint(otherVnet, "mi1-pe"), "status", "address");
        assertThat(privateAddress).as("its Service's cluster IP in its own namespace")
                .isEqualTo(client().services().inNamespace(otherVnet).withName("mi1-pe").get().getSpec().getClusterIP());

        String zone = at(vc, "status", "dnsZone");
        String host = "mi1." + zone + "." + SUFFIX;
        assertThat(CustomResources.<String>at(CustomResources.managedInstance(ns, "mi1"), "status", "fullyQualifiedDomainName"))
                .isEqualTo(host);
        ClusterPods.toolbox(ns, "client", Map.of("app", "client"));
        Wait.atMost(Wait.QUICK).untilAsserted(() -> {
            assertThat(resolve(ns, host)).as(host).isEqualTo("10.73.0.4");
            assertThat(resolve(ns, "mi1.public." + zone + "." + SUFFIX)).isEqualTo(publicAddress);
            assertThat(resolve(ns, "mi1.privatelink." + zone + "." + SUFFIX)).isEqualTo(privateAddress);
            assertThat(resolve(ns, "mi1.primary." + zone + "." + SUFFIX)).as("the redirect host name, in the zone")
                    .isEqualTo(client().services().inNamespace(ns).withName("mi1-primary").get().getSpec().getClusterIP());
        });
        assertThat(resolve(ns, "nobody." + zone + "." + SUFFIX)).as("an unknown instance").isEmpty();
        assertThat(resolve(ns, "kubernetes.default.svc.cluster.local")).as("cluster names still resolve").isNotEmpty();

        String user = secret(ns, "mi1-connection", "username");
        String password = secret(ns, "mi1-connection", "password");
        // The gateway's routing table reaches its pods through the kubelet's volume sync, and the firewall learns of
        // a new pod a moment after it starts: the first tries may fail.
        Wait.atMost(Wait.MOUNTED).untilAsserted(() -> {
            Exec tsql = ClusterPods.sh(ns, "client", "printf 'SELECT @@SERVERNAME\\ngo\\n' | tsql -H " + host
                    + " -p 1433 -U '" + user + "' -P '" + password + "' -o q");
            assertThat(tsql.stdout()).as(tsql.toString()).contains("mi1");
        });
        System.out.printf("DNS: first tsql login by host name %d ms after the instance was applied%n",
                (System.nanoTime() - applied) / 1_000_000);
    }

    @Test
    void aNewInstanceResolvesWithinTenSecondsAndADeletedOneStopsResolving() {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.74.0.0/24"));
        CustomResources.create(ns, proxiedInstance("mi1"));
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1");
        String zone = at(CustomResources.virtualCluster(ns, "vc1"), "status", "dnsZone");
        ClusterPods.toolbox(ns, "client", Map.of("app", "client"));
        Wait.atMost(Wait.QUICK).untilAsserted(() -> assertThat(resolve(ns, "mi1." + zone + "." + SUFFIX)).isEqualTo("10.74.0.4"));
        String host = "mi2." + zone + "." + SUFFIX;
        assertThat(resolve(ns, host)).isEmpty();

        long created = System.nanoTime();
        CustomResources.create(ns, proxiedInstance("mi2"));
        long resolvedAfter = untilResolution(ns, host, true) - created;
        System.out.printf("DNS: %s resolved %d ms after the instance was created%n", host, resolvedAfter / 1_000_000);
        assertThat(resolve(ns, host)).isEqualTo("10.74.0.4");
        assertThat(resolvedAfter / 1_000_000).as("ms from creating the instance to its name resolving").isLessThan(10_000);

        long deleted = System.nanoTime();
        CustomResources.kind("ManagedInstance").inNamespace(ns).withName("mi2").delete();
        long goneAfter = untilResolution(ns, host, false) - deleted;
        System.out.printf("DNS: %s stopped resolving %d ms after the instance was deleted%n", host, goneAfter / 1_000_000);
        assertThat(goneAfter / 1_000_000).as("ms from deleting the instance to its name no longer resolving").isLessThan(10_000);
        assertThat(resolve(ns, "mi1." + zone + "." + SUFFIX)).as("the other instance keeps its name").isEqualTo("10.74.0.4");
    }

    @Test
    void publicAddressesAreNeverHandedOutTwiceAndSurviveAnOperatorRestart() {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.75.0.0/24"));
        for (String mi : java.util.List.of("mi1", "mi2")) {
            CustomResources.create(ns, proxiedInstance(mi));
            CustomResources.create(ns, """
                    apiVersion: sqlmi.io/v1alpha1
                    kind: Endpoint
                    metadata: {name: %s-public}
                    spec: {type: Public, managedInstance: {name: %s}}
                    """.formatted(mi, mi));
        }
        Wait.untilState(Wait.SETTLED, "Ready", ns, "Endpoint/mi1-public", "Endpoint/mi2-public");
        String first = at(CustomResources.endpoint(ns, "mi1-public"), "status", "address");
        String second = at(CustomResources.endpoint(ns, "mi2-public"), "status", "address");
        assertThat(first).matches("198\\.18\\.0\\.\\d+").isNotEqualTo(second);
        assertThat(second).matches("198\\.18\\.0\\.\\d+");

        OperatorProcess.shared().kill();
        OperatorProcess.shared().start();
        CustomResources.create(ns, proxiedInstance("mi3"));
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: mi3-public}
                spec: {type: Public, managedInstance: {name: mi3}}
                """);
        Wait.untilState(Wait.SETTLED, "Ready", ns, "Endpoint/mi3-public");
        assertThat(CustomResources.<String>at(CustomResources.endpoint(ns, "mi1-public"), "status", "address")).isEqualTo(first);
        assertThat(CustomResources.<String>at(CustomResources.endpoint(ns, "mi2-public"), "status", "address")).isEqualTo(second);
        assertThat(CustomResources.<String>at(CustomResources.endpoint(ns, "mi3-public"), "status", "address"))
                .as("a new endpoint after the restart gets a free address").matches("198\\.18\\.0\\.\\d+")
                .isNotIn(first, second);
    }

    static String proxiedInstance(String name) {
        return CustomResources.instanceYaml(name, "vc1", "GeneralPurpose", 4, 32) + "  proxyOverride: Proxy\n";
    }

    /** The A record the pod's resolver (the cluster DNS) gives, or "" when there is none. */
    static String resolve(String ns, String host) {
        Exec dig = ClusterPods.sh(ns, "client", "dig +short +time=2 +tries=1 A " + host);
        return dig.stdout().trim();
    }

    /** Polls inside the pod, every 100 ms, until the name resolves (or stops); the moment it happened, System.nanoTime. */
    static long untilResolution(String ns, String host, boolean resolves) {
        String test = resolves ? "-n" : "-z";
        Exec poll = ClusterPods.sh(ns, "client", "for i in $(seq 1 300); do a=$(dig +short +time=1 +tries=1 A " + host
                + "); [ " + test + " \"$a\" ] && exit 0; sleep 0.1; done; exit 1");
        long now = System.nanoTime();
        assertThat(poll.exitCode()).as("%s %s within 30 s: %s", host, resolves ? "resolves" : "stops resolving", poll).isZero();
        return now;
    }

    static String secret(String ns, String name, String key) {
        return new String(Base64.getDecoder().decode(client().secrets().inNamespace(ns).withName(name).get().getData().get(key)),
                StandardCharsets.UTF_8);
    }
}
