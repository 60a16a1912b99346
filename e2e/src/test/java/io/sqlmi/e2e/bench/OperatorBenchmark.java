package io.sqlmi.e2e.bench;

import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.PoolNodes;
import io.sqlmi.e2e.support.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `make bench-operator`: the packaged operator on the local control plane, measured; not part of `make test` (no
 * "IT" suffix), run by e2e/bench/operator-bench.sh. For each size (system property {@code bench.sizes}, default
 * 10,100) it applies that many General Purpose instances at once, 100 per virtual cluster (one namespace each),
 * placed on kwok pool nodes, and measures the time until all are Ready, the operator's API writes per instance
 * (audit log, Events included), its resident memory, then deletes instances and virtual clusters at once and
 * measures the time until nothing the operator made is left. Writes e2e/target/bench/operator.{md,csv,svg}.
 */
class OperatorBenchmark {

    private static final int INSTANCES_PER_CLUSTER = 100;
    /** 4 vCores each, 64 per pool node: 100 instances fill 7 nodes. */
    private static final int VCORES = 4;
    private static final String POOL_PREFIX = "bench-pool";
    private static final String MANAGED = "app.kubernetes.io/managed-by=sqlmi-operator";

    @RegisterExtension
    final PoolNodes pool = new PoolNodes(POOL_PREFIX);

    private final List<String> rows = new ArrayList<>();
    private final StringBuilder breakdown = new StringBuilder();
    private final StringBuilder deleteBreakdown = new StringBuilder();

    @Test
    void measure() throws Exception {
        OperatorProcess operator = OperatorProcess.shared();
        List<Integer> sizes = List.of(System.getProperty("bench.sizes", "10,100").split(",")).stream()
                .map(String::trim).map(Integer::parseInt).toList();
        int atRestSeconds = Integer.getInteger("bench.atRestSeconds", 60);
        int largest = sizes.stream().max(Integer::compare).orElseThrow();
        int clustersAtMost = (largest + INSTANCES_PER_CLUSTER - 1) / INSTANCES_PER_CLUSTER;
        pool.create(clustersAtMost * nodesPerCluster(Math.min(largest, INSTANCES_PER_CLUSTER)) + 2);

        List<BenchChart.Point> points = new ArrayList<>();
        for (int size : sizes) {
            points.add(run(operator, size, size == 100 ? atRestSeconds : 0));
            System.out.println("measured: " + points.get(points.size() - 1) + "; " + breakdown);
        }

        StringBuilder table = new StringBuilder("| instances (virtual clusters) | apply to all Ready | API writes per instance"
                + " (without Events) | operator RSS at Ready | delete all to cluster empty | writes per instance deleted |\n"
                + "|---|---|---|---|---|---|\n");
        points.forEach(p -> table.append(String.format(Locale.ROOT, "| %,d (%d) | %.1f s | %.1f (%.1f) | %.0f MiB | %.1f s | %.1f |%n",
                p.instances(), p.clusters(), p.readySeconds(), p.writesPerInstance(), p.writesWithoutEvents(), p.rssMib(),
                p.emptySeconds(), p.deleteWritesPerInstance())));
        rows.forEach(r -> table.append('\n').append(r));
        table.append("\n\nWrites per instance to Ready, by request:\n\n").append(breakdown);
        table.append("\nWrites per instance deleted, by request:\n\n").append(deleteBreakdown);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("operator.md"), table.toString());
        Files.writeString(out.resolve("operator.csv"), BenchChart.csv(points));
        Files.writeString(out.resolve("operator.svg"), BenchChart.svg(List.of(new BenchChart.Run("this run", points))));
        System.out.println("\n" + table);
    }

    private BenchChart.Point run(OperatorProcess operator, int size, int atRestSeconds) throws Exception {
        int clusters = (size + INSTANCES_PER_CLUSTER - 1) / INSTANCES_PER_CLUSTER;
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        List<Cluster> all = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            String ns = "bench-" + size + "-" + c + "-" + tag;
            client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("sqlmi.io/e2e", "true").endMetadata().build()).create();
            int count = Math.min(INSTANCES_PER_CLUSTER, size - c * INSTANCES_PER_CLUSTER);
            // One /22 per cluster (1,024 addresses: 100 GP instances need 413), all inside 10.64.0.0/10.
            String subnet = "10.%d.%d.0/22".formatted(64 + c / 64, (c % 64) * 4);
            CustomResources.create(ns, CustomResources.virtualClusterYaml("vc", subnet));
            all.add(new Cluster(ns, IntStream.range(0, count).mapToObj(i -> "mi" + i).toList()));
        }
        Set<String> namespaces = new LinkedHashSet<>(all.stream().map(Cluster::namespace).toList());
        for (Cluster c : all) {
            Wait.untilState(Wait.BENCHMARK, "Ready", c.namespace(), "VirtualCluster/vc");
        }
        Thread.sleep(2000);
        try {
            Instant start = Instant.now();
            double cpuBefore = cpuSeconds(operator.pid());
            long t0 = System.nanoTime();
            applyAll(all);
            Wait.atMost(Wait.BENCHMARK).pollInterval(Duration.ofMillis(250)).until(() -> all.stream().allMatch(this::allReady));
            double readySeconds = (System.nanoTime() - t0) / 1e9;
            long rssKb = rssKb(operator.pid());
            double cpu = cpuSeconds(operator.pid()) - cpuBefore;
            Thread.sleep(3000); // trailing writes of the convergence count too
            AuditedWrites toReady = AuditedWrites.between(start, Instant.now(), namespaces, POOL_PREFIX);
            breakdown.append("- ").append(size).append(" instances (operator CPU to Ready: %.1f s): ".formatted(cpu))
                    .append(toReady.perInstance(size)).append('\n');

            if (atRestSeconds > 0) {
                for (Cluster c : all) {
                    Wait.untilGatewaySettled(Wait.BENCHMARK, c.namespace(), "vc");
                }
                Instant restFrom = Instant.now();
                Thread.sleep(atRestSeconds * 1000L);
                int atRest = AuditedWrites.between(restFrom, Instant.now(), namespaces, POOL_PREFIX).count();
                rows.add("At rest with %d instances: %d operator writes in %d s (leases excluded).".formatted(size, atRest, atRestSeconds));
            }

            Instant deleteFrom = Instant.now();
            long t1 = System.nanoTime();
            deleteAll(all);
            Wait.atMost(Wait.BENCHMARK).pollInterval(Duration.ofMillis(250)).until(() -> empty(namespaces));
            double emptySeconds = (System.nanoTime() - t1) / 1e9;
            Thread.sleep(2000);
            AuditedWrites toEmpty = AuditedWrites.between(deleteFrom, Instant.now(), namespaces, POOL_PREFIX);
            deleteBreakdown.append("- ").append(size).append(" instances: ").append(toEmpty.perInstance(size)).append('\n');
            return new BenchChart.Point(size, clusters, readySeconds, toReady.count() / (double) size,
                    toReady.withoutEvents() / (double) size, rssKb / 1024.0, emptySeconds, toEmpty.count() / (double) size);
        } finally {
            namespaces.forEach(ns -> client().namespaces().withName(ns).delete());
        }
    }

    record Cluster(String namespace, List<String> instances) {
    }

    /** All instances at once, as a `kubectl apply` of many files would send them: a few requests in flight. */
    private static void applyAll(List<Cluster> clusters) throws Exception {
        inParallel(clusters, (c, name) -> CustomResources.create(c.namespace(),
                CustomResources.instanceYaml(name, "vc", "GeneralPurpose", VCORES, 32)));
    }

    /**
     * Every instance, then every virtual cluster, one request each as `kubectl delete -f` sends them (a delete of
     * the whole collection can outlast the client's timeout).
     */
    private static void deleteAll(List<Cluster> clusters) throws Exception {
        inParallel(clusters, (c, name) -> CustomResources.kind(CustomResources.MANAGED_INSTANCE).inNamespace(c.namespace())
                .withName(name).delete());
        for (Cluster c : clusters) {
            CustomResources.kind(CustomResources.VIRTUAL_CLUSTER).inNamespace(c.namespace()).withName("vc").delete();
        }
    }

    private static void inParallel(List<Cluster> clusters, java.util.function.BiConsumer<Cluster, String> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Cluster c : clusters) {
                for (String name : c.instances()) {
                    sent.add(pool.submit(() -> request.accept(c, name)));
                }
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private boolean allReady(Cluster c) {
        List<GenericKubernetesResource> instances = CustomResources.kind(CustomResources.MANAGED_INSTANCE)
                .inNamespace(c.namespace()).list().getItems();
        return instances.size() == c.instances().size() && instances.stream().allMatch(mi -> "Ready".equals(state(mi)))
                && "Ready".equals(state(CustomResources.virtualCluster(c.namespace(), "vc")));
    }

    /**
     * Nothing the operator made is left: no instance, cluster or endpoint, no child it labelled (the engine's
     * volume claims are kept by design, storage.whenDeleted=Retain), no pod, and no pool node claimed.
     */
    private boolean empty(Set<String> namespaces) {
        for (String ns : namespaces) {
            for (String kind : List.of(CustomResources.MANAGED_INSTANCE, CustomResources.VIRTUAL_CLUSTER, CustomResources.ENDPOINT)) {
                if (!CustomResources.kind(kind).inNamespace(ns).list().getItems().isEmpty()) {
                    return false;
                }
            }
            var k = client();
            if (!k.pods().inNamespace(ns).list().getItems().isEmpty()
                    || !k.apps().statefulSets().inNamespace(ns).withLabelSelector(MANAGED).list().getItems().isEmpty()
                    || !k.apps().deployments().inNamespace(ns).withLabelSelector(MANAGED).list().getItems().isEmpty()
                    || !k.services().inNamespace(ns).withLabelSelector(MANAGED).list().getItems().isEmpty()
                    || !k.secrets().inNamespace(ns).withLabelSelector(MANAGED).list().getItems().isEmpty()
                    || !k.configMaps().inNamespace(ns).withLabelSelector(MANAGED).list().getItems().isEmpty()
                    || !k.network().networkPolicies().inNamespace(ns).withLabelSelector(MANAGED).list().getItems().isEmpty()) {
                return false;
            }
        }
        return pool.nodes().stream().noneMatch(n -> n.getMetadata().getLabels().containsKey(PoolNodes.CLUSTER_LABEL));
    }

    private static int nodesPerCluster(int instances) {
        return Math.max(1, (instances * VCORES + 63) / 64);
    }

    /** User and system CPU time the process has used (fields 14 and 15 of /proc/pid/stat, in ticks of 10 ms). */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
