package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.withRedirectPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedirectPortsTest {

    final RedirectPorts ports = new RedirectPorts();

    static List<ManagedInstance> instances(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> managedInstance(prefix + i)).toList();
    }

    int portFor(ManagedInstance mi, Integer recorded, List<ManagedInstance> cluster) {
        OptionalInt port = ports.portFor(mi, recorded, cluster);
        assertThat(port).as("a port for %s", mi.getMetadata().getName()).isPresent();
        return port.getAsInt();
    }

    @Test
    void instancesOfOneClusterGetDistinctPortsInTheRedirectRange() {
        List<ManagedInstance> cluster = instances(3, "mi");

        List<Integer> given = cluster.stream().map(mi -> portFor(mi, null, cluster)).toList();

        assertThat(given).containsExactly(11000, 11001, 11002);
    }

    @Test
    void anInstanceKeepsItsPortOnEveryReconcile() {
        List<ManagedInstance> cluster = instances(3, "mi");
        int first = portFor(cluster.get(1), null, cluster);

        assertThat(portFor(cluster.get(1), null, cluster)).isEqualTo(first);
        assertThat(portFor(cluster.get(1), first, cluster)).isEqualTo(first);
    }

    @Test
    void aRecordedPortIsKeptAfterARestart() {
        List<ManagedInstance> cluster = List.of(withRedirectPort(managedInstance("a"), 11500),
                withRedirectPort(managedInstance("b"), 11042), managedInstance("c"));
        RedirectPorts afterRestart = new RedirectPorts();

        assertThat(afterRestart.portFor(cluster.get(2), null, cluster)).hasValue(11000);
        assertThat(afterRestart.portFor(cluster.get(0), 11500, cluster)).hasValue(11500);
        assertThat(afterRestart.portFor(cluster.get(1), 11042, cluster)).hasValue(11042);
    }

    @Test
    void aPortRecordedByAnotherInstanceIsNeverHandedOut() {
        ManagedInstance holder = withRedirectPort(managedInstance("holder"), 11000);
        ManagedInstance newcomer = managedInstance("newcomer");
        List<ManagedInstance> cluster = List.of(holder, newcomer);

        assertThat(portFor(newcomer, null, cluster)).isEqualTo(11001);
        assertThat(portFor(newcomer, 11000, cluster)).as("a recorded port that is another's").isNotEqualTo(11000);
    }

    @Test
    void portsAreUniquePerVirtualClusterNotGlobally() {
        ManagedInstance inVc1 = managedInstance("a");
        ManagedInstance inVc2 = managedInstance("b");
        inVc2.getSpec().setVirtualCluster("vc2");

        assertThat(portFor(inVc1, null, List.of(inVc1))).isEqualTo(11000);
        assertThat(portFor(inVc2, null, List.of(inVc2))).isEqualTo(11000);
    }

    @Test
    void exhaustionReturnsEmpty() {
        List<ManagedInstance> full = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            full.add(withRedirectPort(managedInstance("mi" + i), 11000 + i));
        }
        ManagedInstance oneTooMany = managedInstance("one-too-many");
        full.add(oneTooMany);

        assertThat(ports.portFor(oneTooMany, null, full)).isEmpty();
    }

    @Test
    void theReservationOfADeletedInstanceIsFreed() {
        List<ManagedInstance> cluster = new ArrayList<>(instances(1000, "mi"));
        cluster.forEach(mi -> portFor(mi, null, cluster));
        ManagedInstance newcomer = managedInstance("newcomer");
        List<ManagedInstance> withNewcomer = new ArrayList<>(cluster);
        withNewcomer.add(newcomer);
        assertThat(ports.portFor(newcomer, null, withNewcomer)).as("all 1000 reserved").isEmpty();

        ManagedInstance deleted = withNewcomer.remove(417);

        assertThat(ports.portFor(newcomer, null, withNewcomer)).hasValue(11417);
        assertThat(deleted.getMetadata().getName()).isEqualTo("mi417");
    }

    @Test
    void concurrentReconcilesNeverHandOutOnePortTwice() throws Exception {
        // The informer has not seen any status yet: only the reservations keep the ports apart.
        List<ManagedInstance> cluster = instances(300, "mi");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        Set<Integer> handedOut = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> results = new ArrayList<>();
        List<ManagedInstance> order = new ArrayList<>(cluster);
        order.addAll(cluster);
        Collections.shuffle(order);
        try {
            for (ManagedInstance mi : order) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ports.portFor(mi, null, cluster).orElseThrow();
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                handedOut.add(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(handedOut).as("300 instances, each asking twice").hasSize(300)
                .allMatch(p -> p >= 11000 && p <= 11999);
        assertThat(cluster.stream().map(mi -> portFor(mi, null, cluster)).distinct().count()).isEqualTo(300);
    }
}
