package io.sqlmi.e2e.support;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The settings of the local cluster, read once from e2e/cluster/common.sh (the one place they are defined), so
 * that tests name the same bridge, ranges, node and image prefix as the scripts that built the cluster.
 */
public final class LocalCluster {

    private static final List<String> KEYS = List.of("NODE_NAME", "NODE_BRIDGE", "NODE_IP", "CONTAINERD_SOCK",
            "IMAGE_PREFIX", "LOCAL_RANGES", "CLUSTER_DNS_IP");
    private static Map<String, String> settings;

    private LocalCluster() {
    }

    public static String nodeName() {
        return setting("NODE_NAME");
    }

    public static String bridge() {
        return setting("NODE_BRIDGE");
    }

    public static String containerdSocket() {
        return setting("CONTAINERD_SOCK");
    }

    /** The pod, service, emulated-subnet and public-pool ranges, all routed to the node's bridge. */
    public static List<String> localRanges() {
        return Arrays.asList(setting("LOCAL_RANGES").split(" "));
    }

    /** An image the project builds (e2e/images/build-images.sh), by its name under the local prefix. */
    public static String image(String name) {
        return image(name, chartAppVersion());
    }

    public static String image(String name, String tag) {
        return setting("IMAGE_PREFIX") + "/" + name + ":" + tag;
    }

    /** The images are tagged with the chart's appVersion, the project's release version. */
    private static String chartAppVersion() {
        try {
            return Files.readAllLines(TestCluster.repoRoot().resolve("helm/sqlmi-operator/Chart.yaml")).stream()
                    .filter(l -> l.startsWith("appVersion:")).findFirst().orElseThrow()
                    .replaceAll("appVersion:\\s*\"?([^\"]+)\"?", "$1").trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Skips the calling test class unless the cluster has the real node (its pods run, its traffic flows). */
    public static void assumeRealNode() {
        assumeThat(hasRealNode()).as("the cluster has the real node").isTrue();
    }

    /** True when the cluster has the real node, which runs containers. */
    public static boolean hasRealNode() {
        return TestCluster.client().nodes().withName(nodeName()).get() != null;
    }

    /** Runs a command on this machine and returns its standard output; fails with both outputs when it fails. */
    public static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out + err.join());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String setting(String key) {
        if (settings == null) {
            StringBuilder script = new StringBuilder("source e2e/cluster/common.sh");
            for (String k : KEYS) {
                script.append("; echo \"").append(k).append("=${").append(k).append("[*]}\"");
            }
            String output = run("bash", "-c", "cd '" + TestCluster.repoRoot() + "' && " + script);
            Map<String, String> read = new HashMap<>();
            output.lines().filter(l -> l.contains("=")).forEach(l -> read.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            settings = read;
        }
        return settings.get(key);
    }
}
