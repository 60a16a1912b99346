package io.sqlmi.e2e.operator;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.CustomResources.condition;
import static io.sqlmi.e2e.support.CustomResources.managedInstance;
import static io.sqlmi.e2e.support.CustomResources.virtualCluster;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.HostsFile;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stop and start as a user sees them, with real traffic on the real node. A General Purpose instance with a row
 * written through its gateway is stopped: Stopping, then Stopped, with no engine pod, its volume, addresses and host
 * name kept, its vCores out of the virtual cluster, and its logins refused by the gateway with 40532; started, it is
 * Starting, then Ready, and the row is still there. A stop asked for while the instance is Creating waits, saying
 * so, until the instance is Ready, then proceeds.
 */
class StopStartIT {

    static final Map<String, String> ENGINE_PODS = Map.of("app.kubernetes.io/instance", "mi1",
            "app.kubernetes.io/component", "engine");

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("stopstart");

    @BeforeAll
    static void operatorRunsAndTheRealNodeRunsItsPods() {
        LocalCluster.assumeRealNode();
        OperatorProcess.shared();
    }

    @Test
    void aStoppedInstanceKeepsItsDataAndAddressesGivesBackItsVCoresRefusesLoginsAndStartsAgain() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.61.0.0/24"));
        CustomResources.create(ns, instanceYaml(false));
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1");
        try (StateRecorder states = new StateRecorder(ns, "mi1")) {
            GenericKubernetesResource running = managedInstance(ns, "mi1");
            String fqdn = at(running, "status", "fullyQualifiedDomainName");
            HostsFile.map(fqdn, at(virtualCluster(ns, "vc1"), "status", "gateway", "address"));
            // Through the gateway (the instance is proxied): its routing table reaches the pod through the kubelet.
            String url = "jdbc:sqlserver://" + fqdn + ":1433;encrypt=true;trustServerCertificate=true;loginTimeout=10";
            Wait.atMost(Wait.MOUNTED).untilAsserted(() -> assertThat(query(ns, url, "SELECT @@SERVERNAME")).isEqualTo("mi1"));
            try (Connection c = connect(ns, url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id INT PRIMARY KEY, note NVARCHAR(50))");
                s.execute("INSERT INTO kept VALUES (1, N'written before the stop')");
            }
            String volume = client().persistentVolumeClaims().inNamespace(ns).withName("data-mi1-0").get().getMetadata().getUid();
            String primaryAddress = client().services().inNamespace(ns).withName("mi1-primary").get().getSpec().getClusterIP();
            GenericKubernetesResource clusterRunning = virtualCluster(ns, "vc1");
            assertThat(vmGroup(clusterRunning)).containsEntry("vCores", 4).containsEntry("nodes", 1).containsEntry("instances", 1);

            setStopped(ns, true);

            Wait.untilState(Wait.READY, "Stopped", ns, "ManagedInstance/mi1");
            assertThat(states.seen()).containsSubsequence("Ready", "Stopping", "Stopped");
            assertThat(client().pods().inNamespace(ns).withLabels(ENGINE_PODS).list().getItems()).as("engine pods").isEmpty();
            assertThat(client().apps().statefulSets().inNamespace(ns).withName("mi1").get().getSpec().getReplicas()).isZero();
            PersistentVolumeClaim kept = client().persistentVolumeClaims().inNamespace(ns).withName("data-mi1-0").get();
            assertThat(kept.getMetadata().getUid()).as("the same volume").isEqualTo(volume);
            assertThat(kept.getStatus().getPhase()).isEqualTo("Bound");
            GenericKubernetesResource stopped = managedInstance(ns, "mi1");
            for (String field : List.of("fullyQualifiedDomainName", "dnsZone", "redirectPort", "connectionSecretName")) {
                assertThat((Object) at(stopped, "status", field)).as(field).isEqualTo(at(running, "status", field));
            }
            assertThat(condition(stopped, "Stopped")).containsEntry("status", "True").containsEntry("reason", "Stopped");
            assertThat((String) condition(stopped, "Stopped").get("message")).contains("its 4 vCores are released");
            assertThat(client().services().inNamespace(ns).withName("mi1-primary").get().getSpec().getClusterIP())
                    .isEqualTo(primaryAddress);
            // The virtual cluster gives the vCores back once its resize window closes; the addresses stay taken.
            Wait.atMost(Wait.QUICK).untilAsserted(() -> assertThat(vmGroup(virtualCluster(ns, "vc1")))
                    .containsEntry("vCores", 0).containsEntry("nodes", 0).containsEntry("instances", 1)
                    .containsEntry("stoppedInstances", 1));
            GenericKubernetesResource clusterStopped = virtualCluster(ns, "vc1");
            Map<String, Object> addresses = at(clusterStopped, "status", "addresses");
            assertThat(addresses).as("addresses stay taken").isEqualTo(at(clusterRunning, "status", "addresses"));
            assertThat((Object) at(clusterStopped, "status", "gateway", "replicas"))
                    .as("the gateway keeps answering").isEqualTo(at(clusterRunning, "status", "gateway", "replicas"));

            Wait.atMost(Wait.MOUNTED).untilAsserted(() -> {
                SQLException refused = catchThrowableOfType(SQLException.class, () -> connect(ns, url).close());
                assertThat((Throwable) refused).as("a login while Stopped").isNotNull();
                assertThat(refused.getErrorCode()).as(refused.getMessage()).isEqualTo(40532);
                assertThat(refused.getMessage()).contains("'mi1' is Stopped").contains("spec.stopped: false");
            });
            assertQuietFor(ns, 15_000);

            setStopped(ns, false);

            Wait.untilState(Wait.SETTLED, "Ready", ns, "ManagedInstance/mi1");
            assertThat(states.seen()).containsSubsequence("Stopped", "Starting", "Ready");
            Wait.atMost(Wait.MOUNTED).untilAsserted(() ->
                    assertThat(query(ns, url, "SELECT note FROM kept WHERE id = 1")).isEqualTo("written before the stop"));
            assertThat(client().persistentVolumeClaims().inNamespace(ns).withName("data-mi1-0").get().getMetadata().getUid())
                    .isEqualTo(volume);
            assertThat(condition(managedInstance(ns, "mi1"), "Stopped")).as("running as asked").isNull();
            Wait.atMost(Wait.QUICK).untilAsserted(() -> assertThat(vmGroup(virtualCluster(ns, "vc1")))
                    .containsEntry("vCores", 4).containsEntry("nodes", 1).doesNotContainKey("stoppedInstances"));
        }
    }

    @Test
    void aStopAskedForWhileCreatingWaitsSayingWhyThenStopsOnceReady() {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.62.0.0/24"));
        try (StateRecorder states = new StateRecorder(ns, "mi1")) {
            CustomResources.create(ns, instanceYaml(true));

            Wait.atMost(Wait.READY).untilAsserted(() -> {
                GenericKubernetesResource creating = managedInstance(ns, "mi1");
                assertThat(CustomResources.state(creating)).isEqualTo("Creating");
                assertThat(condition(creating, "Stopped")).containsEntry("status", "False")
                        .containsEntry("reason", "StopPending")
                        .containsEntry("message", "spec.stopped is true, but the instance is Creating and only a Ready"
                                + " instance stops, as in Azure: it stops by itself once it is Ready (the Ready condition"
                                + " says what it waits for).");
            });

            Wait.untilState(Wait.SETTLED, "Stopped", ns, "ManagedInstance/mi1");
            assertThat(states.seen()).as("it became Ready before it stopped")
                    .containsSubsequence("Creating", "Ready", "Stopping", "Stopped");
            assertThat(client().pods().inNamespace(ns).withLabels(ENGINE_PODS).list().getItems()).isEmpty();
            assertThat(client().persistentVolumeClaims().inNamespace(ns).withName("data-mi1-0").get())
                    .as("the volume the engine was created with").isNotNull();
        }
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () ->
                patchSpec(ns, "{\"spec\":{\"vCores\":8}}"));
        assertThat(refused).as("a change of a stopped instance").isNotNull();
        assertThat(refused.getMessage()).contains("a stopped instance keeps its configuration, as in Azure: set stopped"
                + " to false to start it, in the same edit as the change or before it");
    }

    /** A General Purpose instance the gateway proxies, so that the whole session goes through it. */
    static String instanceYaml(boolean stopped) {
        return CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32)
                + "  proxyOverride: Proxy\n" + (stopped ? "  stopped: true\n" : "");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> vmGroup(GenericKubernetesResource vc) {
        List<Map<String, Object>> groups = at(vc, "status", "vmGroups");
        return groups.get(0);
    }

    /** A merge patch of spec.stopped, as {@code kubectl patch} sends it. */
    static void setStopped(String ns, boolean stopped) {
        patchSpec(ns, "{\"spec\":{\"stopped\":" + stopped + "}}");
    }

    static void patchSpec(String ns, String patch) {
        CustomResources.kind(CustomResources.MANAGED_INSTANCE).inNamespace(ns).withName("mi1")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    /** Nothing the operator owns for the stopped instance is written while it rests. */
    static void assertQuietFor(String ns, long millis) throws InterruptedException {
        List<String> before = versions(ns);
        Thread.sleep(millis);
        assertThat(versions(ns)).as("resourceVersions of the instance, its cluster, engine and routing table").isEqualTo(before);
    }

    static List<String> versions(String ns) {
        return List.of(managedInstance(ns, "mi1").getMetadata().getResourceVersion(),
                virtualCluster(ns, "vc1").getMetadata().getResourceVersion(),
                client().apps().statefulSets().inNamespace(ns).withName("mi1").get().getMetadata().getResourceVersion(),
                client().configMaps().inNamespace(ns).withName("vc1-gateway-routes").get().getMetadata().getResourceVersion());
    }

    static Connection connect(String ns, String url) throws SQLException {
        Map<String, String> secret = client().secrets().inNamespace(ns).withName("mi1-connection").get().getData();
        return DriverManager.getConnection(url, decode(secret.get("username")), decode(secret.get("password")));
    }

    static String single(String ns, String url, String sql) throws SQLException {
        try (Connection c = connect(ns, url); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    /** The first value a query returns, or a failed assertion carrying the login's error: a wait reports the last one. */
    static String query(String ns, String url, String sql) {
        try {
            return single(ns, url, sql);
        } catch (SQLException e) {
            throw new AssertionError("error " + e.getErrorCode() + ": " + e.getMessage(), e);
        }
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** Every state the instance publishes, in order, as a watch delivers them (polling could miss a short one). */
    static final class StateRecorder implements AutoCloseable {
        private final List<String> states = new ArrayList<>();
        private final Watch watch;

        StateRecorder(String ns, String name) {
            watch = CustomResources.kind(CustomResources.MANAGED_INSTANCE).inNamespace(ns).withName(name)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource resource) {
                            String state = CustomResources.state(resource);
                            synchronized (states) {
                                if (state != null && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                                    states.add(state);
                                }
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    });
        }

        List<String> seen() {
            synchronized (states) {
                return List.copyOf(states);
            }
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
