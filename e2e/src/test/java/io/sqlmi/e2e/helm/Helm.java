package io.sqlmi.e2e.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sqlmi.e2e.support.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The helm binary, run as a process: {@code helm} from PATH (make test puts the pinned one there), else the
 * pinned build under the cache directory. It talks to the cluster that KUBECONFIG names, as the suite does.
 */
final class Helm {

    /** The outcome of one helm command. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The rendered manifests of {@code helm template}, as typed objects. */
        List<HasMetadata> objects() {
            try (InputStream in = new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8))) {
                return TestCluster.client().load(in).items().stream().filter(o -> o != null).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static final Path CHART = TestCluster.repoRoot().resolve("helm/sqlmi-operator");
    /** The values `make up` installs with: the images built for the local cluster, which are never pulled. */
    static final Path LOCAL_VALUES = TestCluster.repoRoot().resolve("e2e/local-values.yaml");
    private static final long TIMEOUT_SECONDS = 300;

    private Helm() {
    }

    /** The Kubernetes version {@code helm template} and {@code helm lint} assume: the pinned one. */
    static String kubeVersion() {
        return TestCluster.pinnedVersion("KUBERNETES_VERSION");
    }

    static Result run(String... args) {
        return run(List.of(args));
    }

    static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + "s: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template} of the chart with the release name, namespace and extra arguments (--set ...). */
    static Result template(String release, String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("template", release, CHART.toString(),
                "--namespace", namespace, "--kube-version", kubeVersion()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "helm");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        String cache = System.getenv().getOrDefault("SQLMI_CACHE_DIR",
                Path.of(System.getProperty("user.home"), ".cache", "sqlmi").toString());
        Path pinned = Path.of(cache, "bin", "helm-" + TestCluster.pinnedVersion("HELM_VERSION"), "helm");
        if (Files.isExecutable(pinned)) {
            return pinned.toString();
        }
        throw new IllegalStateException("helm is neither on PATH nor at " + pinned + ": run make binaries");
    }

    /** The files of a directory ending in .yml, sorted by name. */
    static List<Path> ymlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
