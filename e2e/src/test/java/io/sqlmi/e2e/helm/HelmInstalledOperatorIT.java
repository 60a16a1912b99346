package io.sqlmi.e2e.helm;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.sqlmi.e2e.support.ClusterPods;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.nio.charset.StandardCharsets;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator as users run it: installed by the chart as a pod on the real node, under its ServiceAccount and
 * least-privilege RBAC, reaching the API server through the {@code kubernetes} Service. It brings a virtual
 * cluster and a General Purpose instance to Ready; the engine pod answers mssql-jdbc through its Service with the
 * connection Secret's login, and a killed engine container comes back with its data.
 */
class HelmInstalledOperatorIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("helm-pod");

    @BeforeAll
    static void onlyWithTheRealNode() {
        LocalCluster.assumeRealNode();
    }

    @Test
    void theChartsOperatorPodBringsAnInstanceToReadyWhoseEngineAnswersAndKeepsItsDataWhenKilled() throws Exception {
        String ns = namespace.name();
        String subnet = ns + "-subnet";
        String release = "sqlmi-pod-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(subnet)
                .addToLabels("sqlmi.io/e2e", "true").addToLabels("sqlmi.io/virtual-network", "vnet-pod")
                .endMetadata().build()).create();
        OperatorProcess.pausedWhile(() -> {
            try {
                Helm.Result install = Helm.run("install", release, Helm.CHART.toString(), "--namespace", ns,
                        // The suite's product DNS serves the host names (10.96.0.53): this release runs none.
                        "-f", Helm.LOCAL_VALUES.toString(), "--set", "dns.enabled=false", "--set", "watchNamespaces={" + subnet + "}",
                        "--set", "leaderElection.leaseName=" + release + "-lock", "--wait", "--timeout", "180s");
                assertThat(install.ok()).as("helm install\n%s", install).isTrue();
                Pod operator = client().pods().inNamespace(ns).withLabel("app.kubernetes.io/instance", release)
                        .list().getItems().get(0);
                assertThat(operator.getSpec().getNodeName()).isEqualTo(LocalCluster.nodeName());

                CustomResources.create(subnet, CustomResources.virtualClusterYaml("vc1", "10.60.0.0/24"));
                CustomResources.create(subnet, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
                Wait.untilState(Wait.SETTLED, "Ready", subnet, "VirtualCluster/vc1", "ManagedInstance/mi1");

                String url = "jdbc:sqlserver://" + primaryAddress(subnet, "mi1")
                        + ":1433;encrypt=true;trustServerCertificate=true;loginTimeout=10";
                try (Connection c = connect(url, subnet); Statement s = c.createStatement()) {
                    assertThat(single(s, "SELECT @@SERVERNAME")).isEqualTo("mi1");
                    s.execute("CREATE TABLE kept (id INT PRIMARY KEY, note NVARCHAR(50))");
                    s.execute("INSERT INTO kept VALUES (1, N'written before the kill')");
                }

                int restarts = restartCount(subnet, "mi1-0");
                killEngineContainer(subnet, "mi1-0");
                Wait.atMost(Wait.READY).until(() -> restartCount(subnet, "mi1-0") > restarts && podReady(subnet, "mi1-0"));
                // The engine accepts connections a moment after its container starts.
                Wait.atMost(Wait.QUICK).ignoreException(SQLServerException.class).untilAsserted(() -> {
                    try (Connection c = connect(url, subnet); Statement s = c.createStatement()) {
                        assertThat(single(s, "SELECT note FROM kept WHERE id = 1")).isEqualTo("written before the kill");
                    }
                });
            } finally {
                Helm.run("uninstall", release, "--namespace", ns, "--wait", "--timeout", "120s");
                client().namespaces().withName(subnet).delete();
            }
        });
    }

    private static String primaryAddress(String ns, String instance) {
        return client().services().inNamespace(ns).withName(instance + "-primary").get().getSpec().getClusterIP();
    }

    private static Connection connect(String url, String ns) throws SQLException {
        var secret = client().secrets().inNamespace(ns).withName("mi1-connection").get().getData();
        return DriverManager.getConnection(url, decode(secret.get("username")), decode(secret.get("password")));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    /** SIGKILL from the node, as the OOM killer or a crash would: no graceful shutdown. */
    private static void killEngineContainer(String ns, String pod) {
        String endpoint = "unix://" + LocalCluster.containerdSocket();
        String id = LocalCluster.run("crictl", "--runtime-endpoint", endpoint, "ps", "-q", "--name", "engine",
                "--label", "io.kubernetes.pod.namespace=" + ns, "--label", "io.kubernetes.pod.name=" + pod).trim();
        assertThat(id).as("the engine container of %s/%s", ns, pod).isNotBlank().doesNotContain("\n");
        String pid = LocalCluster.run("crictl", "--runtime-endpoint", endpoint, "inspect", "-o", "go-template",
                "--template", "{{.info.pid}}", id).trim();
        LocalCluster.run("kill", "-KILL", pid);
    }

    private static int restartCount(String ns, String pod) {
        Pod p = client().pods().inNamespace(ns).withName(pod).get();
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                || p.getStatus().getContainerStatuses().isEmpty()) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    private static boolean podReady(String ns, String pod) {
        return ClusterPods.isReady(client().pods().inNamespace(ns).withName(pod).get());
    }
}
