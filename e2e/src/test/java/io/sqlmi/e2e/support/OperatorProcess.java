package io.sqlmi.e2e.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged operator (operator/target/quarkus-app) running as a process against the suite's cluster, the way
 * `make up` runs it. One instance serves the whole suite; tests that need a crash kill and restart it.
 */
public final class OperatorProcess {

    /** The project's engine image, built and imported into the real node before the suite (never pulled). */
    public static final String ENGINE_IMAGE = LocalCluster.image("sqlmi-engine");
    public static final String GATEWAY_IMAGE = LocalCluster.image("sqlmi-gateway");
    /**
     * The JVM of the chart's pod: its javaOptions (MaxRAMPercentage=75) under its memory limit of 512 MiB, which
     * MaxRAM stands in for, so that heap sizes are chosen as in the container (a 384 MiB heap
     * that starts small) and the collector too (below 1,792 MiB the JVM is no "server-class machine" and takes the
     * serial collector; MaxRAM alone does not tell it), with the chart's heap free ratios and native heap trim.
     * SQLMI_OPERATOR_JAVA_OPTIONS replaces them. The pod's MALLOC_ARENA_MAX is set below.
     */
    static final String JAVA_OPTIONS = System.getenv().getOrDefault("SQLMI_OPERATOR_JAVA_OPTIONS",
            "-XX:MaxRAM=512m -XX:MaxRAMPercentage=75.0 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:+UseSerialGC"
                    + " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000");
    private static OperatorProcess shared;

    private final Path jar;
    private final Path logDir;
    private Process process;
    private int httpPort;
    private int starts;

    private OperatorProcess(Path jar, Path logDir) {
        this.jar = jar;
        this.logDir = logDir;
    }

    /** The running operator, started on first use and stopped when the JVM exits. */
    public static synchronized OperatorProcess shared() {
        if (shared == null) {
            Path root = TestCluster.repoRoot();
            // SQLMI_OPERATOR_JAR: another build of the operator, e.g. main's, for side-by-side benchmarks.
            String other = System.getenv("SQLMI_OPERATOR_JAR");
            shared = new OperatorProcess(other != null && !other.isBlank() ? Path.of(other)
                    : root.resolve("operator/target/quarkus-app/quarkus-run.jar"), root.resolve("e2e/target/operator-logs"));
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.stop()));
        }
        return shared;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the operator first (mvn package)");
        }
        try {
            Files.createDirectories(logDir);
            httpPort = freePort();
            starts++;
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(List.of(JAVA_OPTIONS.split("\\s+")));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("operator.log").toFile()));
            Map<String, String> env = builder.environment();
            env.put("KUBECONFIG", kubeconfig());
            env.put("SQLMI_OPERATOR_HTTP_PORT", Integer.toString(httpPort));
            env.putIfAbsent("MALLOC_ARENA_MAX", "2");
            // The settings of e2e/local-values.yaml, which `make up` gives the Helm-installed operator.
            env.put("SQLMI_ENGINE_IMAGE", ENGINE_IMAGE);
            env.put("SQLMI_ENGINE_IMAGE_PULL_POLICY", "Never");
            env.put("SQLMI_ENGINE_CPU_REQUEST", "50m");
            env.put("SQLMI_ENGINE_MEMORY_REQUEST", "256Mi");
            env.put("SQLMI_GATEWAY_IMAGE", GATEWAY_IMAGE);
            env.put("SQLMI_GATEWAY_IMAGE_PULL_POLICY", "Never");
            env.put("SQLMI_GATEWAY_CPU_REQUEST", "50m");
            // The lease the chart's RBAC grants to the suite's operator (e2e/run-tests.sh binds it).
            env.put("SQLMI_LEADER_ELECTION_LEASE_NAME", "sqlmi-operator-e2e");
            env.put("SQLMI_OPERATOR_NAMESPACE", "sqlmi-system");
            Files.writeString(logDir.resolve("operator.log"), "=== start " + starts + " at " + Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
            awaitReady();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the operator", e);
        }
    }

    /** SIGKILL: the operator gets no chance to finish what it was doing. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM, and SIGKILL if it has not stopped within ten seconds. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * Runs {@code work} with the suite's shared operator stopped, if it was started, so that another operator
     * (the one a test installs with the chart) is the only one reconciling; starts it again afterwards.
     */
    public static void pausedWhile(Work work) throws Exception {
        OperatorProcess running;
        synchronized (OperatorProcess.class) {
            running = shared != null && shared.process != null && shared.process.isAlive() ? shared : null;
        }
        if (running != null) {
            running.stop();
        }
        try {
            work.run();
        } finally {
            if (running != null) {
                running.start();
            }
        }
    }

    /** What runs while the shared operator is stopped. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private void awaitReady() {
        Wait.atMost(Wait.READY).pollInterval(Duration.ofMillis(300)).alias("the operator's readiness (log in " + logDir + ")")
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + logDir);
                    }
                    return readiness() == 200;
                });
    }

    private int readiness() throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operator's own identity when the cluster issued one (local control plane), else the suite's. */
    static String kubeconfig() {
        String own = System.getenv("SQLMI_OPERATOR_KUBECONFIG");
        if (own != null && Files.exists(Path.of(own))) {
            return own;
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        return kubeconfig != null ? kubeconfig : Path.of(System.getProperty("user.home"), ".kube", "config").toString();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
