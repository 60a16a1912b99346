package io.sqlmi.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointSpec;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceReference;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceSpec;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.crds.v1alpha1.NetworkSecurityGroup;
import io.sqlmi.operator.crds.v1alpha1.Route;
import io.sqlmi.operator.crds.v1alpha1.RouteTable;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import io.sqlmi.operator.crds.v1alpha1.Subnet;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The custom resources as a user would write them, with the metadata the API server adds. */
public final class Fixtures {

    public static final String NAMESPACE = "sqlmi-subnet-a";

    private Fixtures() {
    }

    private static ObjectMeta meta(String name, String namespace) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setUid(UUID.randomUUID().toString());
        meta.setGeneration(1L);
        meta.setCreationTimestamp("2025-01-01T00:00:00Z");
        return meta;
    }

    public static VirtualCluster virtualCluster(String name, String addressPrefix) {
        VirtualCluster vc = new VirtualCluster();
        vc.setMetadata(meta(name, NAMESPACE));
        VirtualClusterSpec spec = new VirtualClusterSpec();
        spec.setVirtualNetwork("vnet-a");
        Subnet subnet = new Subnet();
        subnet.setAddressPrefix(addressPrefix);
        subnet.setDelegation("Microsoft.Sql/managedInstances");
        spec.setSubnet(subnet);
        vc.setSpec(spec);
        return vc;
    }

    public static VirtualCluster virtualCluster() {
        return virtualCluster("vc1", "10.0.0.0/24");
    }

    public static VirtualCluster withArchitecture(VirtualCluster vc, Architecture architecture) {
        vc.getSpec().setArchitecture(architecture);
        return vc;
    }

    public static VirtualCluster withRules(VirtualCluster vc, SecurityRule... rules) {
        NetworkSecurityGroup nsg = new NetworkSecurityGroup();
        nsg.setSecurityRules(new ArrayList<>(Arrays.asList(rules)));
        vc.getSpec().setNetworkSecurityGroup(nsg);
        return vc;
    }

    public static VirtualCluster withRoutes(VirtualCluster vc, Route... routes) {
        RouteTable table = new RouteTable();
        table.setRoutes(new ArrayList<>(Arrays.asList(routes)));
        vc.getSpec().setRouteTable(table);
        return vc;
    }

    /** An inbound rule with one source and a list of destination ports, as most users write them. */
    public static SecurityRule inbound(String name, int priority, Access access, Protocol protocol, String source,
                                       String... ports) {
        return rule(name, priority, Direction.Inbound, access, protocol, source, null, ports);
    }

    public static SecurityRule outbound(String name, int priority, Access access, Protocol protocol,
                                        String destination, String... ports) {
        return rule(name, priority, Direction.Outbound, access, protocol, null, destination, ports);
    }

    public static SecurityRule rule(String name, int priority, Direction direction, Access access, Protocol protocol,
                                    String source, String destination, String... ports) {
        SecurityRule rule = new SecurityRule();
        rule.setName(name);
        rule.setPriority(priority);
        rule.setDirection(direction);
        rule.setAccess(access);
        rule.setProtocol(protocol);
        rule.setSourceAddressPrefix(source == null ? "*" : source);
        if (destination != null) {
            rule.setDestinationAddressPrefix(destination);
        }
        rule.setDestinationPortRanges(List.of(ports));
        return rule;
    }

    public static Route route(String name, String prefix, Route.NextHopType hop) {
        Route route = new Route();
        route.setName(name);
        route.setAddressPrefix(prefix);
        route.setNextHopType(hop);
        return route;
    }

    public static ManagedInstance managedInstance(String name, Tier tier) {
        ManagedInstance mi = new ManagedInstance();
        mi.setMetadata(meta(name, NAMESPACE));
        ManagedInstanceSpec spec = new ManagedInstanceSpec();
        spec.setVirtualCluster("vc1");
        spec.setTier(tier);
        spec.setVCores(4);
        spec.setStorageSizeInGB(64);
        spec.setAdministratorLogin("sqladmin");
        mi.setSpec(spec);
        return mi;
    }

    public static ManagedInstance managedInstance(String name) {
        return managedInstance(name, Tier.GeneralPurpose);
    }

    /** An instance whose status already records a redirect port, as the reconciler leaves it. */
    public static ManagedInstance withRedirectPort(ManagedInstance mi, Integer port) {
        if (mi.getStatus() == null) {
            mi.setStatus(new ManagedInstanceStatus());
        }
        mi.getStatus().setRedirectPort(port);
        return mi;
    }

    public static Endpoint endpoint(String name, String namespace, EndpointType type, String instance,
                                    String instanceNamespace) {
        Endpoint endpoint = new Endpoint();
        endpoint.setMetadata(meta(name, namespace));
        EndpointSpec spec = new EndpointSpec();
        spec.setType(type);
        ManagedInstanceReference ref = new ManagedInstanceReference();
        ref.setName(instance);
        ref.setNamespace(instanceNamespace);
        spec.setManagedInstance(ref);
        endpoint.setSpec(spec);
        return endpoint;
    }
}
