package io.sqlmi.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The suite's one way to wait, with every timeout declared here. A wait polls until its condition holds; a field
 * that is not there yet (a status not written, a list still empty, an object not created) makes the condition throw
 * a NullPointerException, an IndexOutOfBoundsException or a NoSuchElementException, and that means "not yet", as
 * does an API server too busy to answer. Any other exception ends the wait at once: it is a real failure. When the
 * time is up, the failure carries the last reason the condition gave.
 */
public final class Wait {

    /** What should follow at once: an Event recorded, a pool node gone, an admission policy in force. */
    public static final Duration QUICK = Duration.ofSeconds(30);
    /** An object just created or changed reaching its state: instances, clusters, endpoints, nodes, pods. */
    public static final Duration READY = Duration.ofSeconds(90);
    /** Many objects converging together: a cluster resizing over a pool, an operator catching up after a restart. */
    public static final Duration SETTLED = Duration.ofSeconds(120);
    /**
     * A ConfigMap change reaching the file a pod mounts, e.g. the gateway's routing table: the kubelet refreshes
     * mounted ConfigMaps on its pod sync, once a minute by default, plus its cache's delay.
     */
    public static final Duration MOUNTED = Duration.ofSeconds(180);
    /** The operator undoing someone else's edit of a child or a deletion. */
    public static final Duration RESTORED = Duration.ofSeconds(15);
    /** A benchmark's whole growth or shrink at scale (make bench-operator), never a test. */
    public static final Duration BENCHMARK = Duration.ofMinutes(15);

    /** HTTP codes of an API server that is busy or briefly unavailable: try again. */
    private static final Set<Integer> TRANSIENT = Set.of(0, 429, 500, 503, 504);

    private Wait() {
    }

    /** A wait of at most {@code timeout}, polling every 100 ms unless told otherwise. */
    public static ConditionFactory atMost(Duration timeout) {
        return Awaitility.await().atMost(timeout).ignoreExceptionsMatching(Wait::notThereYet);
    }

    /**
     * Until every object reports state Ready at the same time. Objects are named as kubectl names them, kind and
     * name: {@code ManagedInstance/mi1}.
     */
    public static void untilReady(String namespace, String... objects) {
        untilState(READY, "Ready", namespace, objects);
    }

    /**
     * Until every object ({@code Kind/name}) reports the state at the same time; a failure names those that do not,
     * with the reason and message of their Ready condition.
     */
    public static void untilState(Duration timeout, String state, String namespace, String... objects) {
        atMost(timeout).untilAsserted(() -> {
            for (String object : objects) {
                String[] kindAndName = object.split("/", 2);
                GenericKubernetesResource resource = CustomResources.kind(kindAndName[0]).inNamespace(namespace)
                        .withName(kindAndName[1]).get();
                Map<String, Object> ready = CustomResources.condition(resource, "Ready");
                assertThat(CustomResources.state(resource)).as("%s in %s (Ready condition: %s)", object, namespace,
                        ready == null ? "none yet" : ready.get("reason") + ": " + ready.get("message")).isEqualTo(state);
            }
        });
    }

    /**
     * Until a virtual cluster's gateway has every replica ready: the cluster is Ready with one, and each further replica
     * turning ready is a change its status still reports.
     */
    public static void untilGatewaySettled(Duration timeout, String namespace, String virtualCluster) {
        atMost(timeout).untilAsserted(() -> {
            GenericKubernetesResource vc = CustomResources.virtualCluster(namespace, virtualCluster);
            Integer replicas = CustomResources.at(vc, "status", "gateway", "replicas");
            assertThat(replicas).as("gateway replicas of %s/%s", namespace, virtualCluster).isNotNull();
            assertThat(CustomResources.<Integer>at(vc, "status", "gateway", "readyReplicas"))
                    .as("ready gateway replicas of %s/%s", namespace, virtualCluster).isEqualTo(replicas);
        });
    }

    /** Whether an exception inside a wait only says that what is awaited is not there yet. */
    static boolean notThereYet(Throwable e) {
        return e instanceof NullPointerException || e instanceof IndexOutOfBoundsException
                || e instanceof NoSuchElementException
                || (e instanceof KubernetesClientException k && TRANSIENT.contains(k.getCode()));
    }
}
