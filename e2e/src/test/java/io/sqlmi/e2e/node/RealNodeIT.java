package io.sqlmi.e2e.node;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.sqlmi.e2e.support.ClusterPods;
import io.sqlmi.e2e.support.ClusterPods.Exec;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local cluster's real node runs containers as a Kubernetes node must: pods of the project's images start
 * and pass their probes, Services and their DNS names answer from other pods, NetworkPolicies really drop
 * packets, pods reach the API server with their ServiceAccount tokens, and {@code kubectl logs/exec} reach the
 * kubelet. No address of the cluster's ranges may route off the machine.
 */
class RealNodeIT {

    private static final Map<String, String> SERVER = Map.of("app", "server");
    private static final Map<String, String> CLIENT = Map.of("app", "client");

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("node");

    @BeforeAll
    static void onlyWithTheRealNode() {
        LocalCluster.assumeRealNode();
    }

    @Test
    void theRealNodeIsReadyInItsZoneAndOutsideTheCapacityPool() {
        Node node = client().nodes().withName(LocalCluster.nodeName()).get();
        assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(node.getMetadata().getLabels()).containsKey("topology.kubernetes.io/zone")
                .doesNotContainKey("sqlmi.io/pool");
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("containerd://");
    }

    @Test
    void anEnginePodOfTheProjectsImageRunsAsItsUserPassesItsProbeAndShowsItsLogs() {
        String ns = namespace.name();
        client().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("engine").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(5L)
                .addNewContainer().withName("engine").withImage(LocalCluster.image("sqlmi-engine"))
                .withImagePullPolicy("Never")
                .addNewEnv().withName("ACCEPT_EULA").withValue("Y").endEnv()
                .addNewEnv().withName("MSSQL_SA_PASSWORD").withValue("Node!Test-Passw0rd").endEnv()
                .addNewEnv().withName("SQLMI_INSTANCE_NAME").withValue("node-test").endEnv()
                .addNewPort().withName("tds").withContainerPort(1433).endPort()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString("tds")).endTcpSocket()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec().build()).create();

        Pod pod = ClusterPods.awaitReady(ns, "engine");

        assertThat(pod.getSpec().getNodeName()).isEqualTo(LocalCluster.nodeName());
        assertThat(client().pods().inNamespace(ns).withName("engine").getLog())
                .contains("ready on port 1433 (instance node-test");
        Exec id = ClusterPods.sh(ns, "engine", "id -u; id -g");
        assertThat(id.stdout()).as("the image's user").isEqualTo("10001\n10001\n");
    }

    @Test
    void aServiceAnswersByItsDnsNameFromAnotherPod() {
        String ns = namespace.name();
        ClusterPods.httpServer(ns, "server", SERVER, "hello from the server");
        service(ns);
        ClusterPods.toolbox(ns, "client", CLIENT);

        Exec dig = ClusterPods.sh(ns, "client", "dig +short server." + ns + ".svc.cluster.local");
        String clusterIp = client().services().inNamespace(ns).withName("server").get().getSpec().getClusterIP();
        assertThat(dig.stdout().trim()).as(dig.toString()).isEqualTo(clusterIp);
        assertThat(get(ns, "client", "http://server." + ns + ".svc.cluster.local/"))
                .as("through the Service's name").isEqualTo("hello from the server");
        assertThat(ClusterPods.sh(ns, "client", "dig +short +tries=1 +time=2 example.com").stdout())
                .as("the cluster DNS answers cluster names only: no query leaves the machine").isBlank();
    }

    @Test
    void aDenyingNetworkPolicyRefusesARealConnectionAndAnAllowingOneLetsItThrough() {
        String ns = namespace.name();
        ClusterPods.httpServer(ns, "server", SERVER, "hello");
        service(ns);
        ClusterPods.toolbox(ns, "client", CLIENT);
        ClusterPods.toolbox(ns, "stranger", Map.of("app", "stranger"));
        String url = "http://server." + ns + ".svc.cluster.local/";
        assertThat(get(ns, "client", url)).isEqualTo("hello");

        client().network().v1().networkPolicies().inNamespace(ns).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("deny-all-ingress").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec()
                .build()).create();
        Wait.atMost(Wait.QUICK).until(() -> !reaches(ns, "client", url));

        client().network().v1().networkPolicies().inNamespace(ns).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("allow-client").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(SERVER).endPodSelector()
                .addNewIngress().addNewFrom().withNewPodSelector().withMatchLabels(CLIENT).endPodSelector().endFrom()
                .addNewPort().withPort(new IntOrString(8080)).endPort().endIngress()
                .endSpec().build()).create();
        Wait.atMost(Wait.QUICK).until(() -> reaches(ns, "client", url));
        assertThat(reaches(ns, "stranger", url)).as("a pod the policy does not name stays refused").isFalse();
    }

    @Test
    void podsReachTheApiServerThroughTheKubernetesServiceWithTheirServiceAccountToken() {
        String ns = namespace.name();
        ClusterPods.toolbox(ns, "client", CLIENT);

        Exec review = ClusterPods.sh(ns, "client", """
                sa=/var/run/secrets/kubernetes.io/serviceaccount
                curl -sS --max-time 10 --cacert $sa/ca.crt -H "Authorization: Bearer $(cat $sa/token)" \
                  -H 'Content-Type: application/json' -X POST \
                  -d '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
                  https://kubernetes.default.svc/apis/authentication.k8s.io/v1/selfsubjectreviews
                """);

        assertThat(review.ok()).as(review.toString()).isTrue();
        assertThat(review.stdout()).as("the API server verified the pod's token")
                .contains("\"username\": \"system:serviceaccount:" + ns + ":default\"");
    }

    @Test
    void noAddressOfTheClusterRangesRoutesToTheMachinesUplink() throws Exception {
        String uplink = LocalCluster.run("sh", "-c", "ip route show default | awk '{for(i=1;i<NF;i++) if($i==\"dev\") print $(i+1)}'").trim();
        assertThat(LocalCluster.localRanges()).hasSizeGreaterThanOrEqualTo(4);
        for (String range : LocalCluster.localRanges()) {
            String unassigned = lastAddress(range);
            String route = LocalCluster.run("ip", "route", "get", unassigned);
            assertThat(route).as("%s (in %s)", unassigned, range)
                    .contains("dev " + LocalCluster.bridge()).doesNotContain("dev " + uplink + " ");
        }
    }

    /** The broadcast address's neighbour: an address of the range nothing in the cluster is given. */
    private static String lastAddress(String cidr) throws Exception {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        BigInteger base = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
        BigInteger last = base.or(BigInteger.ONE.shiftLeft(32 - prefix).subtract(BigInteger.ONE)).subtract(BigInteger.ONE);
        byte[] bytes = last.toByteArray();
        byte[] four = new byte[4];
        System.arraycopy(bytes, Math.max(0, bytes.length - 4), four, Math.max(0, 4 - bytes.length), Math.min(4, bytes.length));
        return InetAddress.getByAddress(four).getHostAddress();
    }

    private static void service(String ns) {
        client().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("server").endMetadata()
                .withNewSpec().withSelector(SERVER).addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .endSpec().build()).create();
    }

    private static String get(String ns, String pod, String url) {
        Exec curl = ClusterPods.sh(ns, pod, "curl -sS --max-time 5 " + url);
        assertThat(curl.ok()).as(curl.toString()).isTrue();
        return curl.stdout().trim();
    }

    private static boolean reaches(String ns, String pod, String url) {
        return ClusterPods.sh(ns, pod, "curl -s --max-time 3 -o /dev/null " + url).ok();
    }
}
