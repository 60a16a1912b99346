package io.sqlmi.e2e.support;

import static io.sqlmi.e2e.support.TestCluster.client;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pods on the real node for tests that send real traffic: the project's toolbox image (FreeTDS tsql, curl,
 * dig, nc) as a client or a tiny server, and commands run in them through the API server and the kubelet.
 */
public final class ClusterPods {

    /** A command's outcome inside a pod. */
    public record Exec(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private ClusterPods() {
    }

    /** A toolbox pod that waits for commands, Ready once it runs. */
    public static Pod toolbox(String namespace, String name, Map<String, String> labels) {
        return run(namespace, name, labels, "sleep infinity");
    }

    /** A toolbox pod answering HTTP on port 8080 with {@code body}, one connection at a time. */
    public static Pod httpServer(String namespace, String name, Map<String, String> labels, String body) {
        return run(namespace, name, labels, "while true; do printf 'HTTP/1.0 200 OK\\r\\n\\r\\n" + body
                + "\\n' | nc -l -N 8080 >/dev/null; done");
    }

    private static Pod run(String namespace, String name, Map<String, String> labels, String script) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L)
                .withNodeSelector(Map.of("kubernetes.io/hostname", LocalCluster.nodeName()))
                .addNewContainer().withName("main").withImage(LocalCluster.image("toolbox"))
                .withImagePullPolicy("Never").withCommand("sh", "-c", script)
                .addNewPort().withContainerPort(8080).endPort()
                .endContainer().endSpec().build();
        client().pods().inNamespace(namespace).resource(pod).create();
        return awaitReady(namespace, name);
    }

    public static Pod awaitReady(String namespace, String name) {
        Wait.atMost(Wait.READY).until(() -> isReady(client().pods().inNamespace(namespace).withName(name).get()));
        return client().pods().inNamespace(namespace).withName(name).get();
    }

    public static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Copies a file into the pod's first container through the exec stream: {@code head -c} reads exactly the file's
     * bytes, so no end-of-input signal is needed (and no tar in the image, nor commons-compress here).
     */
    public static void copy(String namespace, String pod, java.nio.file.Path file, String target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            String directory = target.substring(0, Math.max(1, target.lastIndexOf('/')));
            try (ExecWatch watch = client().pods().inNamespace(namespace).withName(pod).redirectingInput()
                    .writingOutput(out).writingError(err)
                    .exec("sh", "-c", "mkdir -p '" + directory + "' && head -c " + bytes.length + " > '" + target + "'")) {
                watch.getInput().write(bytes);
                watch.getInput().flush();
                int code = watch.exitCode().get(120, TimeUnit.SECONDS);
                if (code != 0) {
                    throw new IllegalStateException("copy of " + file + " to " + pod + ":" + target + " exited " + code + ": "
                            + err.toString(StandardCharsets.UTF_8));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("copy of " + file + " to " + namespace + "/" + pod + " failed", e);
        }
    }

    /** Runs {@code sh -c script} in the pod's first container. */
    public static Exec sh(String namespace, String pod, String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client().pods().inNamespace(namespace).withName(pod)
                .writingOutput(out).writingError(err).exec("sh", "-c", script)) {
            int code = watch.exitCode().get(60, TimeUnit.SECONDS);
            return new Exec(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("exec in " + namespace + "/" + pod + " failed: " + script, e);
        }
    }
}
