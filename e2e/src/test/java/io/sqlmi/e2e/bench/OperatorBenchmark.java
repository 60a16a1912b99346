package io.sqlmi.e2e.bench;

import static io.sqlmi.e2e.support.CustomResources.state;
import static io.sqlmi.e2e.support.TestCluster.client;

import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.OperatorWrites;
import io.sqlmi.e2e.support.PoolNodes;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `make bench-operator`: the operator on the local control plane, measured. Not part of `make test` (no "IT"
 * suffix); run by e2e/bench/operator-bench.sh. Prints a table and writes e2e/target/bench/operator.md.
 */
class OperatorBenchmark {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("bench10");
    @RegisterExtension
    final TestNamespace namespace100 = new TestNamespace("bench100");
    @RegisterExtension
    final PoolNodes pool = new PoolNodes("bench-pool");

    private final List<String> rows = new ArrayList<>();

    @Test
    void measure() throws Exception {
        OperatorProcess operator = OperatorProcess.shared();
        pool.create(12);
        // One virtual cluster per subnet (namespace).
        String ns10 = namespace.name();
        String ns = namespace100.name();

        Run ten = grow(ns10, "vc10", "10.60.0.0/24", 10);
        shrink(ns10, "vc10", ten.names);
        Run hundred = grow(ns, "vc100", "10.64.0.0/22", 100);
        long rssKb = rssKb(operator.pid());
        long atRestMark = OperatorWrites.auditMark();
        Thread.sleep(60_000);
        int atRest = OperatorWrites.auditedWritesSince(atRestMark, OperatorWrites.FIELD_MANAGER, ns).size();
        long shrinkStart = System.nanoTime();
        Run down = shrink(ns, "vc100", hundred.names);
        double shrinkSeconds = (System.nanoTime() - shrinkStart) / 1e9;

        row("10 instances, apply to all Ready", "%.1f s".formatted(ten.seconds));
        row("10 instances, API writes per instance to Ready", "%.1f (%.1f without Events)".formatted(ten.writes / 10.0, ten.writesWithoutEvents / 10.0));
        row("100 instances, apply to all Ready (0 -> 100)", "%.1f s".formatted(hundred.seconds));
        row("100 instances, API writes per instance added", "%.1f (%.1f without Events)".formatted(hundred.writes / 100.0, hundred.writesWithoutEvents / 100.0));
        row("100 instances -> 0 (nodes, gateway and status back to zero)", "%.1f s".formatted(shrinkSeconds));
        row("100 instances -> 0, API writes per instance removed", "%.1f".formatted(down.writes / 100.0));
        row("0 -> 100 -> 0, total", "%.1f s".formatted(hundred.seconds + shrinkSeconds));
        row("operator resident memory at 100 instances", "%d MiB".formatted(rssKb / 1024));
        row("operator writes per minute at rest (leases excluded)", Integer.toString(atRest));

        StringBuilder table = new StringBuilder("| measure | value |\n|---|---|\n");
        rows.forEach(r -> table.append(r).append('\n'));
        Path out = Path.of("target", "bench", "operator.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        System.out.println("\n" + table);
    }

    record Run(List<String> names, double seconds, int writes, int writesWithoutEvents) {
    }

    private Run grow(String ns, String vc, String subnet, int count) throws Exception {
        CustomResources.create(ns, CustomResources.virtualClusterYaml(vc, subnet));
        Wait.untilState(Wait.BENCHMARK, "Ready", ns, "VirtualCluster/" + vc);
        Thread.sleep(2000);
        List<String> names = IntStream.range(0, count).mapToObj(i -> vc + "-mi" + i).toList();
        long mark = OperatorWrites.auditMark();
        long start = System.nanoTime();
        names.forEach(name -> CustomResources.create(ns, CustomResources.instanceYaml(name, vc, "GeneralPurpose", 4, 32)));
        Wait.atMost(Wait.BENCHMARK).pollInterval(Duration.ofMillis(250)).until(() ->
                CustomResources.kind("ManagedInstance").inNamespace(ns).list().getItems().stream()
                        .filter(mi -> names.contains(mi.getMetadata().getName()))
                        .filter(mi -> "Ready".equals(state(mi))).count() == count
                        && "Ready".equals(state(CustomResources.virtualCluster(ns, vc))));
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3000); // let trailing status writes land before counting
        List<String> writes = OperatorWrites.auditedWritesSince(mark, OperatorWrites.FIELD_MANAGER, ns);
        return new Run(names, seconds, writes.size(), (int) writes.stream().filter(w -> !w.contains("\"resource\":\"events\"")).count());
    }

    private Run shrink(String ns, String vc, List<String> names) throws Exception {
        long mark = OperatorWrites.auditMark();
        long start = System.nanoTime();
        names.forEach(name -> CustomResources.kind("ManagedInstance").inNamespace(ns).withName(name).delete());
        Wait.atMost(Wait.BENCHMARK).pollInterval(Duration.ofMillis(250)).until(() -> {
            var cluster = CustomResources.virtualCluster(ns, vc);
            Number instances = CustomResources.at(cluster, "status", "instances");
            var gateway = client().apps().deployments().inNamespace(ns).withName(vc + "-gateway").get();
            return instances != null && instances.intValue() == 0 && "Ready".equals(state(cluster))
                    && gateway.getSpec().getReplicas() == 0 && pool.claimedBy(ns, vc).isEmpty();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(2000);
        List<String> writes = OperatorWrites.auditedWritesSince(mark, OperatorWrites.FIELD_MANAGER, ns);
        return new Run(names, seconds, writes.size(), writes.size());
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private void row(String measure, String value) {
        rows.add("| " + measure + " | " + value + " |");
    }
}
