package io.sqlmi.operator.network;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The addresses of the operator's own load balancers, which no other controller touches: each Service names its
 * kind in {@code spec.loadBalancerClass}. Pure.
 *
 * <p>{@value #SUBNET_CLASS}: Azure's internal load balancer, which takes the first address Azure does not reserve in
 * the subnet. Azure reserves the network address, the next three and the broadcast address
 * (azure-sql-mi-facts.md section 2: "Azure reserves 5"), so that is network + 4.
 *
 * <p>{@value #PUBLIC_CLASS}: Azure's public IP of a public endpoint, taken from a configured pool. An address is
 * kept for as long as its Service exists: it is recorded in the Service's status, so the reservations survive an
 * operator restart.
 */
public final class LoadBalancerAddresses {

    public static final String SUBNET_CLASS = "sqlmi.io/subnet";
    public static final String PUBLIC_CLASS = "sqlmi.io/public";
    /** The address a subnet-class Service must get, written by the builder that made it. */
    public static final String ADDRESS_ANNOTATION = "sqlmi.io/load-balancer-address";
    /** Addresses Azure reserves at the start of every subnet: the network address and three more. */
    public static final int RESERVED_AT_START = 4;

    private LoadBalancerAddresses() {
    }

    /** The internal load balancer's address in a subnet: network + 4, e.g. 10.0.0.4 in 10.0.0.0/24. */
    public static String internalLoadBalancer(String subnetPrefix) {
        Cidrs.Block block = Cidrs.parse(subnetPrefix);
        if (block.size() < RESERVED_AT_START + 2) {
            throw new IllegalArgumentException(subnetPrefix + " has no address left after Azure's reservations");
        }
        return format(block.network() + RESERVED_AT_START);
    }

    /**
     * The pool address of a public Service: the one it holds when that is still in the pool and no one else's,
     * otherwise the lowest free one (neither the pool's network nor its broadcast address); empty when the pool is
     * exhausted.
     *
     * @param held  the address the Service's status shows, or null
     * @param taken addresses other Services of the class hold
     */
    public static Optional<String> fromPool(String pool, String held, Set<String> taken) {
        Cidrs.Block block = Cidrs.parse(pool);
        long first = block.size() > 2 ? block.network() + 1 : block.network();
        long last = block.size() > 2 ? block.network() + block.size() - 2 : block.network() + block.size() - 1;
        if (held != null && !taken.contains(held) && Cidrs.isCidr(held)) {
            long address = Cidrs.parse(held).network();
            if (address >= first && address <= last) {
                return Optional.of(held);
            }
        }
        for (long address = first; address <= last; address++) {
            String candidate = format(address);
            if (!taken.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Addresses usable in a pool, for messages. */
    public static long poolSize(String pool) {
        long size = Cidrs.parse(pool).size();
        return size > 2 ? size - 2 : size;
    }

    /** The first IP of a Service's load-balancer status, or null. */
    public static String ingressIp(Service service) {
        if (service == null || service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return null;
        }
        return service.getStatus().getLoadBalancer().getIngress().stream()
                .map(i -> i.getIp()).filter(Objects::nonNull).findFirst().orElse(null);
    }

    public static String loadBalancerClass(Service service) {
        return service.getSpec() == null ? null : service.getSpec().getLoadBalancerClass();
    }

    /**
     * Whether an existing Service must be deleted and created again to become the desired one: Kubernetes refuses
     * to change the class of a LoadBalancer Service (public endpoints were LoadBalancers without a class before).
     * A ClusterIP Service becomes a LoadBalancer of a class in place.
     */
    public static boolean mustRecreate(Service actual, Service desired) {
        return actual != null && actual.getSpec() != null && "LoadBalancer".equals(actual.getSpec().getType())
                && !Objects.equals(loadBalancerClass(actual), loadBalancerClass(desired));
    }

    /**
     * The addresses the other Services of one class hold. Should two hold the same address (nothing hands one out
     * twice, but a status can be written by hand), the older Service keeps it and the younger moves.
     */
    public static Set<String> takenByOthers(Service service, Collection<Service> sameClass) {
        String mine = ingressIp(service);
        return sameClass.stream()
                .filter(other -> !Objects.equals(other.getMetadata().getUid(), service.getMetadata().getUid()))
                .filter(other -> !Objects.equals(ingressIp(other), mine) || SENIORITY.compare(other, service) < 0)
                .map(LoadBalancerAddresses::ingressIp).filter(Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Older first (creation timestamps are RFC 3339 in UTC, so they sort as text), then by uid. */
    static final java.util.Comparator<Service> SENIORITY = java.util.Comparator
            .comparing((Service s) -> Objects.requireNonNullElse(s.getMetadata().getCreationTimestamp(), "9"))
            .thenComparing(s -> Objects.requireNonNullElse(s.getMetadata().getUid(), ""));

    static String format(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
