package io.sqlmi.e2e.gateway;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.SecretLogins.attempt;
import static io.sqlmi.e2e.support.SecretLogins.decode;
import static io.sqlmi.e2e.support.SecretLogins.query;
import static io.sqlmi.e2e.support.CustomResources.managedInstance;
import static io.sqlmi.e2e.support.CustomResources.virtualCluster;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.GatewayMetrics;
import io.sqlmi.e2e.support.HostsFile;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read intent on Business Critical, through the gateway on the real node: a login with ApplicationIntent=ReadOnly lands
 * on the readable secondary (replica 1, read only), redirected to the secondary's name in the instance's DNS zone and
 * later, with the instance switched to Proxy, relayed to it; a login without intent lands on the primary.
 */
class ReadIntentIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("intent");

    @BeforeAll
    static void operatorRunsAndTheRealNodeRunsItsPods() {
        LocalCluster.assumeRealNode();
        OperatorProcess.shared();
    }

    @Test
    void aReadIntentLoginLandsOnTheReadOnlySecondaryRedirectedAndProxiedAndOtherLoginsOnThePrimary() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.66.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "BusinessCritical", 4, 32));
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1");
        String fqdn = at(managedInstance(ns, "mi1"), "status", "fullyQualifiedDomainName");
        HostsFile.map(fqdn, at(virtualCluster(ns, "vc1"), "status", "gateway", "address"));
        // The suite's JVM resolves through its hosts file only; pods resolve these names through the product's DNS.
        HostsFile.map(fqdn.replaceFirst("^mi1\\.", "mi1.primary."), clusterIp(ns, "mi1-primary"));
        HostsFile.map(fqdn.replaceFirst("^mi1\\.", "mi1.secondary."), clusterIp(ns, "mi1-secondary"));
        Map<String, String> secret = client().secrets().inNamespace(ns).withName("mi1-connection").get().getData();
        String url = "jdbc:sqlserver://" + fqdn + ":1433;encrypt=true;trustServerCertificate=true;loginTimeout=15";
        String readOnly = url + ";applicationIntent=ReadOnly";

        Wait.atMost(Wait.MOUNTED).untilAsserted(() -> assertThat(attempt(readOnly, secret,
                "SELECT CONCAT(@@SERVERNAME, ' ', CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS varchar(20)))"))
                .as("redirected to the secondary").isEqualTo("mi1 READ_ONLY"));
        assertThat(query(url, secret, "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS varchar(20))"))
                .as("without intent, the primary").isEqualTo("READ_WRITE");
        assertThat(writeError(readOnly, secret)).as("a write on the secondary fails").isNotNull();
        assertThat(writeError(url, secret)).as("a write on the primary succeeds").isNull();
        double redirected = GatewayMetrics.logins(ns, "mi1", "redirected");
        assertThat(redirected).as("the gateway redirected those logins").isGreaterThanOrEqualTo(4);

        CustomResources.edit(CustomResources.MANAGED_INSTANCE, ns, "mi1", mi -> {
            ((Map<String, Object>) mi.getAdditionalProperties().get("spec")).put("proxyOverride", "Proxy");
            return mi;
        });
        Wait.atMost(Wait.MOUNTED).untilAsserted(() -> {
            double proxiedBefore = GatewayMetrics.logins(ns, "mi1", "proxied");
            assertThat(attempt(readOnly, secret, "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS varchar(20))"))
                    .isEqualTo("READ_ONLY");
            assertThat(GatewayMetrics.logins(ns, "mi1", "proxied")).as("relayed, no longer redirected")
                    .isGreaterThan(proxiedBefore);
        });
        assertThat(query(url, secret, "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS varchar(20))"))
                .as("proxied without intent: the primary").isEqualTo("READ_WRITE");
    }

    static String clusterIp(String ns, String service) {
        return client().services().inNamespace(ns).withName(service).get().getSpec().getClusterIP();
    }

    static String writeError(String url, Map<String, String> secret) {
        try (Connection c = DriverManager.getConnection(url, decode(secret.get("username")), decode(secret.get("password")));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE intent_probe_" + System.nanoTime() + " (id int)");
            return null;
        } catch (SQLException e) {
            return e.getErrorCode() + ": " + e.getMessage();
        }
    }
}
