package io.sqlmi.operator.gateway;

import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.endpoint.EndpointTargets;
import io.sqlmi.operator.instance.InstanceSettings;
import io.sqlmi.operator.instance.InstanceNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds a virtual cluster's routing table from its instances and their endpoints. Pure and deterministic. */
public final class RoutingTableBuilder {

    private RoutingTableBuilder() {
    }

    public static RoutingTable build(VirtualCluster vc, String dnsZone, String suffix, String clusterDomain,
                                     List<ManagedInstance> instances, List<Endpoint> endpoints) {
        List<RoutingTable.InstanceRoute> routes = instances.stream()
                .filter(mi -> mi.getStatus() != null && mi.getStatus().getRedirectPort() != null)
                .sorted(Comparator.comparing(mi -> mi.getMetadata().getName()))
                .map(mi -> route(mi, dnsZone, suffix, clusterDomain, endpoints))
                .toList();
        return new RoutingTable(vc.getMetadata().getName(), dnsZone, suffix, routes);
    }

    private static RoutingTable.InstanceRoute route(ManagedInstance mi, String zone, String suffix,
                                                    String clusterDomain, List<Endpoint> endpoints) {
        String name = mi.getMetadata().getName();
        String namespace = mi.getMetadata().getNamespace();
        String engine = engineHost(mi, clusterDomain);
        List<RoutingTable.HostRoute> hosts = new ArrayList<>();
        hosts.add(new RoutingTable.HostRoute(HostNames.vnetLocal(name, zone, suffix), EndpointType.VNetLocal.name(),
                InstanceNames.vnetLocalEndpoint(mi), null, InstanceSettings.connectionType(mi.getSpec()).name(), Ports.TDS));
        endpoints.stream()
                .filter(ep -> EndpointTargets.targets(ep, mi) && ep.getSpec().getType() != EndpointType.VNetLocal)
                .sorted(Comparator.comparing((Endpoint ep) -> ep.getMetadata().getNamespace())
                        .thenComparing(ep -> ep.getMetadata().getName()))
                .forEach(ep -> {
                    boolean isPublic = ep.getSpec().getType() == EndpointType.Public;
                    String host = isPublic ? HostNames.publicEndpoint(name, zone, suffix)
                            : HostNames.privateEndpoint(name, zone, suffix);
                    hosts.add(new RoutingTable.HostRoute(host, ep.getSpec().getType().name(), ep.getMetadata().getName(),
                            ep.getMetadata().getNamespace(), ConnectionType.Proxy.name(),
                            isPublic ? Ports.PUBLIC_ENDPOINT : Ports.PRIVATE_LISTENER));
                });
        // Two endpoints of one type share a host name; the gateway needs it once.
        List<RoutingTable.HostRoute> unique = hosts.stream()
                .filter(h -> hosts.stream().filter(o -> o.host().equals(h.host())).findFirst().orElseThrow() == h)
                .toList();
        int redirectPort = mi.getStatus().getRedirectPort();
        RoutingTable.Replica secondary = InstanceSettings.hasReadableSecondary(mi.getSpec())
                ? new RoutingTable.Replica(new RoutingTable.Target(secondaryEngineHost(mi, clusterDomain), Ports.ENGINE),
                        new RoutingTable.Target(HostNames.readableSecondary(name, zone, suffix), redirectPort))
                : null;
        return new RoutingTable.InstanceRoute(name, namespace, InstanceSettings.minimalTlsVersion(mi.getSpec()).wireValue(),
                new RoutingTable.Target(engine, Ports.ENGINE),
                new RoutingTable.Target(HostNames.primaryReplica(name, zone, suffix), redirectPort), secondary, unique,
                loginRefusingState(mi));
    }

    /**
     * Where the gateway proxies sessions: the primary Service's cluster DNS name, which the gateway resolves through
     * the cluster DNS alone. Redirected clients get the primary's name in the instance's DNS zone instead
     * ({@link HostNames#primaryReplica}), which resolves inside the virtual network as Azure's routed names do. The
     * engine's certificate names both (certificates.CertificatePlan#engine).
     */
    public static String engineHost(ManagedInstance mi, String clusterDomain) {
        return HostNames.service(InstanceNames.primaryService(mi), mi.getMetadata().getNamespace(), clusterDomain);
    }

    /** Where the gateway proxies sessions with read intent: the readable secondary Service's cluster DNS name. */
    public static String secondaryEngineHost(ManagedInstance mi, String clusterDomain) {
        return HostNames.service(InstanceNames.secondaryService(mi), mi.getMetadata().getNamespace(), clusterDomain);
    }

    /**
     * The state the gateway must know: Stopping, Stopped and Starting refuse new logins (40532, saying how to start
     * the instance). Other states are left out, so that the table changes only when logins do.
     */
    static String loginRefusingState(ManagedInstance mi) {
        InstanceState state = mi.getStatus().getState();
        return state == InstanceState.Stopping || state == InstanceState.Stopped || state == InstanceState.Starting
                ? state.name() : null;
    }
}
