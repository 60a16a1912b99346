package io.sqlmi.gateway.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing table of one virtual cluster as the gateway uses it: every instance with its targets, and an
 * index from each host name (lower case) to the instance and host entry that own it. Immutable: a reload
 * builds a new table and swaps it in, so a session keeps the instance it was routed with.
 */
public final class RoutingTable {
    /** Where a session goes: a host name and a TCP port. */
    public record Target(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A Business Critical instance's readable secondary: where read-intent logins go, proxied and redirected. */
    public record Replica(Target engine, Target redirect) {
    }

    /** A host name the gateway answers to, the listener port it arrives on, and how it is served. */
    public record Host(String host, EndpointType type, String endpoint, String endpointNamespace,
            ConnectionType connectionType, int listenerPort) {
    }

    /**
     * An instance. {@code redirect} may be null (then Redirect hosts are proxied); {@code readableSecondary}
     * is null for General Purpose; {@code state} is the instance's {@code status.state}, or null.
     */
    public record Instance(String name, String namespace, String state, MinimalTlsVersion minimalTlsVersion,
            Target engine, Target redirect, Replica readableSecondary, List<Host> hosts) {

        /** Stopping, Stopped and Starting instances take no new logins (Azure's stop/start states). */
        public boolean stopped() {
            return state != null && (state.equalsIgnoreCase("Stopped") || state.equalsIgnoreCase("Stopping")
                    || state.equalsIgnoreCase("Starting"));
        }

        /** The VNet-local host, the name clients should use; the first host when there is none. */
        public String preferredHost() {
            return hosts.stream().filter(h -> h.type() == EndpointType.VNET_LOCAL).findFirst()
                    .or(() -> hosts.stream().findFirst()).map(Host::host).orElse(name);
        }
    }

    /** A host name found in the table. */
    public record Match(Instance instance, Host host) {
    }

    public static final RoutingTable EMPTY = new RoutingTable(null, null, null, List.of());

    private final String virtualCluster;
    private final String dnsZone;
    private final String dnsSuffix;
    private final List<Instance> instances;
    private final Map<String, Match> byHost = new HashMap<>();
    private final Map<String, Instance> byRedirectHost = new HashMap<>();

    public RoutingTable(String virtualCluster, String dnsZone, String dnsSuffix, List<Instance> instances) {
        this.virtualCluster = virtualCluster;
        this.dnsZone = dnsZone;
        this.dnsSuffix = dnsSuffix;
        this.instances = List.copyOf(instances);
        for (Instance instance : this.instances) {
            for (Host host : instance.hosts()) {
                byHost.putIfAbsent(host.host(), new Match(instance, host));
            }
            if (instance.redirect() != null) {
                byRedirectHost.putIfAbsent(instance.redirect().host(), instance);
            }
            if (instance.readableSecondary() != null && instance.readableSecondary().redirect() != null) {
                byRedirectHost.putIfAbsent(instance.readableSecondary().redirect().host(), instance);
            }
        }
    }

    public String virtualCluster() {
        return virtualCluster;
    }

    public String dnsZone() {
        return dnsZone;
    }

    public String dnsSuffix() {
        return dnsSuffix;
    }

    public List<Instance> instances() {
        return instances;
    }

    /** The instance and host entry for a normalised host name. */
    public Optional<Match> find(String host) {
        return Optional.ofNullable(byHost.get(host));
    }

    /** The instance whose redirect target (primary or secondary) is this host name, if any. */
    public Optional<Instance> redirectTargetOf(String host) {
        return Optional.ofNullable(byRedirectHost.get(host));
    }

    /** {@code <zone>.<suffix>}, the domain of the VNet-local host names, or null when the table has none. */
    public String zoneDomain() {
        return dnsZone == null || dnsSuffix == null ? null : dnsZone + "." + dnsSuffix;
    }
}
