package io.sqlmi.gateway.routing;

import io.sqlmi.gateway.routing.RoutingTable.Host;
import io.sqlmi.gateway.routing.RoutingTable.Instance;
import io.sqlmi.gateway.routing.RoutingTable.Replica;
import io.sqlmi.gateway.routing.RoutingTable.Target;
import java.util.List;

/** Routing tables for the pure routing tests: zone 0a1b2c3d4e5f, listeners 1433 and 3342. */
final class TableFixtures {
    static final String DOMAIN = "0a1b2c3d4e5f.database.windows.net";

    private TableFixtures() {
    }

    static Instance instance(String name, MinimalTlsVersion tls, String state, Replica secondary, Host... hosts) {
        return new Instance(name, "ns", state, tls, new Target(name + "-primary.ns.svc.cluster.local", 1433),
                new Target(name + "-0.node." + DOMAIN, 11000), secondary, List.of(hosts));
    }

    static Host vnetLocal(String name, ConnectionType type) {
        return new Host(name + "." + DOMAIN, EndpointType.VNET_LOCAL, name + "-vnet-local", null, type, 1433);
    }

    static Host publicHost(String name) {
        return new Host(name + ".public." + DOMAIN, EndpointType.PUBLIC, name + "-public", "ns", ConnectionType.PROXY,
                3342);
    }

    static Host privateHost(String name) {
        return new Host(name + ".privatelink." + DOMAIN, EndpointType.PRIVATE, name + "-pe", "other",
                ConnectionType.PROXY, 1433);
    }

    static Replica secondary(String name) {
        return new Replica(new Target(name + "-secondary.ns.svc.cluster.local", 1433),
                new Target(name + "-1.node." + DOMAIN, 11001));
    }

    /** mi1: GP, Redirect, public and private endpoints; mi2: GP, Proxy; mi3: BC with a readable secondary. */
    static RoutingTable table() {
        return new RoutingTable("vc1", "0a1b2c3d4e5f", "database.windows.net", List.of(
                instance("mi1", MinimalTlsVersion.TLS_1_2, "Ready", null, vnetLocal("mi1", ConnectionType.REDIRECT),
                        publicHost("mi1"), privateHost("mi1")),
                instance("mi2", MinimalTlsVersion.TLS_1_2, null, null, vnetLocal("mi2", ConnectionType.PROXY)),
                instance("mi3", MinimalTlsVersion.TLS_1_3, "Ready", secondary("mi3"),
                        vnetLocal("mi3", ConnectionType.REDIRECT), publicHost("mi3")),
                instance("mi4", MinimalTlsVersion.NONE, "Stopped", null, vnetLocal("mi4", ConnectionType.PROXY))));
    }
}
