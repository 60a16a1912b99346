package io.sqlmi.e2e.support;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The cluster the suite runs against: whatever KUBECONFIG names (local control plane or kind). */
public final class TestCluster {

    private static final KubernetesClient CLIENT = new KubernetesClientBuilder().build();

    private TestCluster() {
    }

    public static KubernetesClient client() {
        return CLIENT;
    }

    /** The repository root, so tests can read the pinned versions and the manifests shipped there. */
    public static Path repoRoot() {
        String fromBuild = System.getenv("SQLMI_REPO_ROOT");
        Path start = fromBuild != null ? Path.of(fromBuild) : Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("e2e/cluster/versions.env"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + start);
    }

    /** A value of e2e/cluster/versions.env, the single place the control plane's versions are pinned. */
    public static String pinnedVersion(String key) {
        Properties versions = new Properties();
        try (var in = Files.newBufferedReader(repoRoot().resolve("e2e/cluster/versions.env"))) {
            versions.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return versions.getProperty(key);
    }

    /** True when the suite runs on the local cluster, whose fake nodes kwok runs beside the real node. */
    public static boolean isLocalControlPlane() {
        return CLIENT.nodes().list().getItems().stream()
                .anyMatch(n -> "fake".equals(n.getMetadata().getAnnotations().get("kwok.x-k8s.io/node")));
    }
}
