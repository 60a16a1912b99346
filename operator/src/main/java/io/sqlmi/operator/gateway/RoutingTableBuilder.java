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
        String primary = redirectHost(mi, clusterDomain);
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
        return new RoutingTable.InstanceRoute(name, namespace, InstanceSettings.minimalTlsVersion(mi.getSpec()).wireValue(),
                new RoutingTable.Target(primary, Ports.ENGINE),
                new RoutingTable.Target(primary, mi.getStatus().getRedirectPort()), unique, loginRefusingState(mi));
    }

    /**
     * The host redirected clients connect to, and the gateway proxies to: the primary Service's DNS name. The
     * engine's certificate names it (certificates.CertificatePlan#engine), so it is built only here.
     */
    public static String redirectHost(ManagedInstance mi, String clusterDomain) {
        return HostNames.service(InstanceNames.primaryService(mi), mi.getMetadata().getNamespace(), clusterDomain);
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
