package io.sqlmi.e2e.dns;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sqlmi.e2e.support.ClusterPods;
import io.sqlmi.e2e.support.ClusterPods.Exec;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.HostsFile;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.ProductDns;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reachability matrix of the source document, each cell a real FreeTDS tsql login by host name from a pod of the
 * real node (or mssql-jdbc from the host), through the names the product's DNS answers, the addresses the operator
 * assigns and the NetworkPolicies kube-router enforces: the VNet and a peered VNet reach the VNet-local endpoint,
 * another VNet does not; a private endpoint answers its own VNet on 1433 only; the public endpoint answers once an
 * NSG rule allows 3342 and then from anywhere; a user Deny rule before an Allow blocks; a rule on the redirect ports
 * filters redirected sessions and leaves proxied ones alone.
 */
class ReachabilityIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("reach");

    @BeforeAll
    static void operatorAndProductDnsRunOnTheRealNode() {
        LocalCluster.assumeRealNode();
        ProductDns.ensure();
        OperatorProcess.shared();
    }

    @Test
    void eachEndpointAnswersFromWhereAzureAllowsItAndNowhereElse() throws Exception {
        String ns = namespace.name();
        String id = ns.substring(ns.length() - 4);
        String vnet = "vnet-r" + id;
        String peered = "vnet-p" + id;
        String other = "vnet-o" + id;
        String apps = network(ns, "apps", vnet);
        String peeredApps = network(ns, "peer", peered);
        String otherApps = network(ns, "other", other);
        String internet = network(ns, "net", null);
        try {
            CustomResources.create(ns, """
                    apiVersion: sqlmi.io/v1alpha1
                    kind: VirtualCluster
                    metadata: {name: vc1}
                    spec:
                      virtualNetwork: %s
                      peeredVirtualNetworks: [%s]
                      subnet: {addressPrefix: 10.75.0.0/24, delegation: Microsoft.Sql/managedInstances}
                    """.formatted(vnet, peered));
            CustomResources.create(ns, HostNamesIT.proxiedInstance("mi1"));
            CustomResources.create(ns, CustomResources.instanceYaml("mi2", "vc1", "GeneralPurpose", 4, 32));
            CustomResources.create(ns, """
                    apiVersion: sqlmi.io/v1alpha1
                    kind: Endpoint
                    metadata: {name: mi1-public}
                    spec: {type: Public, managedInstance: {name: mi1}}
                    """);
            CustomResources.create(otherApps, CustomResources.privateEndpointYaml("mi1-pe", "mi1", ns));
            for (String client : List.of(apps, peeredApps, otherApps, internet)) {
                ClusterPods.toolbox(client, "client", Map.of("app", "client"));
            }
            Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1", "ManagedInstance/mi2");
            Wait.untilState(Wait.READY, "Approved", otherApps, "Endpoint/mi1-pe");
            String zone = at(CustomResources.virtualCluster(ns, "vc1"), "status", "dnsZone");
            String mi1 = "mi1." + zone + "." + HostNamesIT.SUFFIX;
            String mi2 = "mi2." + zone + "." + HostNamesIT.SUFFIX;
            String mi1Public = "mi1.public." + zone + "." + HostNamesIT.SUFFIX;
            String mi1Private = "mi1.privatelink." + zone + "." + HostNamesIT.SUFFIX;
            Login login = new Login(HostNamesIT.secret(ns, "mi1-connection", "username"),
                    HostNamesIT.secret(ns, "mi1-connection", "password"),
                    HostNamesIT.secret(ns, "mi2-connection", "password"));

            // The gateway's routing table reaches its pods through the kubelet's volume sync: the first logins may fail.
            Wait.atMost(Wait.MOUNTED).untilAsserted(() -> assertThat(login.tsql(apps, mi1, 1433)).isEqualTo("mi1"));
            assertThat(login.tsql(apps, mi2, 1433)).as("the VNet, redirected to mi2's engine").isEqualTo("mi2");
            assertThat(login.tsql(peeredApps, mi1, 1433)).as("a peered VNet").isEqualTo("mi1");
            assertThat(login.tsql(otherApps, mi1, 1433)).as("another VNet, by the VNet-local name").isEmpty();
            assertThat(login.tsql(otherApps, mi1Private, 1433)).as("another VNet, by its private endpoint").isEqualTo("mi1");
            assertThat(login.tsql(otherApps, mi1Private, 3342)).as("a private endpoint serves 1433 only").isEmpty();
            assertThat(login.tsql(apps, mi1Private, 1433)).as("the private endpoint belongs to its own VNet").isEmpty();
            assertThat(login.tsql(internet, mi1Public, 3342)).as("the public endpoint before a rule allows 3342").isEmpty();

            securityRules(ns, "");
            Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(login.tsql(internet, mi1Public, 3342))
                    .as("a namespace outside every VNet, once 3342 is allowed from Internet").isEqualTo("mi1"));
            assertThat(login.tsql(otherApps, mi1Public, 3342)).as("another VNet, through the internet").isEqualTo("mi1");
            String publicAddress = at(CustomResources.endpoint(ns, "mi1-public"), "status", "address");
            HostsFile.map(mi1Public, publicAddress);
            assertThat(jdbc(mi1Public, 3342, login.user(), login.mi1Password())).as("the host").isEqualTo("mi1");

            securityRules(ns, """
                    - {name: deny_redirect_inbound, priority: 200, direction: Inbound, access: Deny, protocol: Tcp,
                       sourceAddressPrefix: VirtualNetwork, destinationPortRange: "11000-11999"}
                    """);
            Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(login.tsql(apps, mi2, 1433))
                    .as("a redirected session, with the redirect ports denied").isEmpty());
            assertThat(login.tsql(apps, mi1, 1433)).as("a proxied session is not affected").isEqualTo("mi1");

            securityRules(ns, """
                    - {name: deny_tds_inbound, priority: 200, direction: Inbound, access: Deny, protocol: Tcp,
                       sourceAddressPrefix: VirtualNetwork, destinationPortRange: "1433"}
                    - {name: allow_tds_inbound, priority: 300, direction: Inbound, access: Allow, protocol: Tcp,
                       sourceAddressPrefix: VirtualNetwork, destinationPortRange: "1433"}
                    """);
            Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(login.tsql(apps, mi1, 1433))
                    .as("a Deny of higher priority blocks what a lower Allow lets through").isEmpty());
            assertThat(login.tsql(internet, mi1Public, 3342)).as("the public endpoint is not affected").isEqualTo("mi1");
        } finally {
            for (String n : List.of(apps, peeredApps, otherApps, internet)) {
                client().namespaces().withName(n).delete();
            }
        }
    }

    /** The instance logins of the test: mi1's admin (also mi2's login name) and the two passwords. */
    record Login(String user, String mi1Password, String mi2Password) {
        /** @SERVERNAME answered to a tsql login from the pod "client" of {@code ns}, or "" when the login fails. */
        String tsql(String ns, String host, int port) {
            String password = host.startsWith("mi2.") ? mi2Password : mi1Password;
            Exec tsql = ClusterPods.sh(ns, "client", "printf 'SELECT @@SERVERNAME\\ngo\\n' | timeout 12 tsql -H " + host
                    + " -p " + port + " -U '" + user + "' -P '" + password + "' -o q 2>&1");
            String out = tsql.stdout();
            for (String name : List.of("mi1", "mi2")) {
                if (out.lines().anyMatch(line -> line.trim().equals(name))) {
                    return name;
                }
            }
            return "";
        }
    }

    static String jdbc(String host, int port, String user, String password) throws Exception {
        String url = "jdbc:sqlserver://" + host + ":" + port + ";encrypt=true;trustServerCertificate=true;loginTimeout=10";
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT @@SERVERNAME")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** A namespace of the test: in virtual network {@code vnet}, or outside every one when it is null. */
    static String network(String ns, String role, String vnet) {
        String name = ns.substring(0, Math.min(ns.length(), 50)) + "-" + role;
        NamespaceBuilder builder = new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("sqlmi.io/e2e", "true").endMetadata();
        if (vnet != null) {
            builder.editMetadata().addToLabels("sqlmi.io/virtual-network", vnet).endMetadata();
        }
        client().namespaces().resource(builder.build()).create();
        return name;
    }

    /** Once set, kept in every later rule set of the test: the public endpoint's two-step enablement. */
    static final String ALLOW_PUBLIC_ENDPOINT = """
            - {name: allow_public_endpoint_inbound, priority: 1300, direction: Inbound, access: Allow, protocol: Tcp,
               sourceAddressPrefix: Internet, destinationPortRange: "3342"}
            """;

    /** Replaces the VirtualCluster's user security rules with ALLOW_PUBLIC_ENDPOINT and those of a YAML list. */
    @SuppressWarnings("unchecked")
    static void securityRules(String ns, String rules) {
        List<Object> parsed = Serialization.unmarshal(ALLOW_PUBLIC_ENDPOINT + rules.stripIndent(), List.class);
        CustomResources.edit("VirtualCluster", ns, "vc1", vc -> {
            Map<String, Object> spec = (Map<String, Object>) vc.getAdditionalProperties().get("spec");
            spec.put("networkSecurityGroup", Map.of("securityRules", parsed));
            return vc;
        });
    }
}
