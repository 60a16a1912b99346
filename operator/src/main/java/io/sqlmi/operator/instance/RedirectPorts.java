package io.sqlmi.operator.instance;

import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Hands out redirect ports (11000-11999), unique within a virtual cluster and stable for an instance's lifetime.
 * A port is recorded in the instance's status and in its primary Service; both survive an operator restart, so the
 * in-memory reservations only bridge the moment between choosing a port and writing it down, when reconciles of
 * two instances of one cluster run side by side.
 */
@ApplicationScoped
public class RedirectPorts {

    private final Map<String, Map<String, Integer>> reservedByCluster = new HashMap<>();

    /**
     * @param recorded the port found in the instance's status or primary Service, if any
     * @param cluster  every instance of the same virtual cluster, as the informer sees them
     * @return the instance's port, or empty when the cluster has used them all
     */
    public synchronized OptionalInt portFor(ManagedInstance mi, Integer recorded, Collection<ManagedInstance> cluster) {
        String clusterKey = mi.getMetadata().getNamespace() + "/" + mi.getSpec().getVirtualCluster();
        Map<String, Integer> reserved = reservedByCluster.computeIfAbsent(clusterKey, k -> new HashMap<>());
        Set<String> alive = new HashSet<>();
        cluster.forEach(other -> alive.add(other.getMetadata().getUid()));
        alive.add(mi.getMetadata().getUid());
        reserved.keySet().retainAll(alive);

        String uid = mi.getMetadata().getUid();
        Set<Integer> taken = new HashSet<>();
        for (ManagedInstance other : cluster) {
            if (!Objects.equals(other.getMetadata().getUid(), uid) && other.getStatus() != null
                    && other.getStatus().getRedirectPort() != null) {
                taken.add(other.getStatus().getRedirectPort());
            }
        }
        reserved.forEach((owner, port) -> {
            if (!owner.equals(uid)) {
                taken.add(port);
            }
        });

        Integer port = recorded != null && Ports.isRedirectPort(recorded) && !taken.contains(recorded) ? recorded
                : reserved.get(uid);
        if (port == null || taken.contains(port)) {
            port = null;
            for (int candidate = Ports.REDIRECT_FIRST; candidate <= Ports.REDIRECT_LAST; candidate++) {
                if (!taken.contains(candidate)) {
                    port = candidate;
                    break;
                }
            }
        }
        if (port == null) {
            return OptionalInt.empty();
        }
        reserved.put(uid, port);
        return OptionalInt.of(port);
    }
}
