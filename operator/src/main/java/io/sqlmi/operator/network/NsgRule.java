package io.sqlmi.operator.network;

import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Direction;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import java.util.List;

/**
 * One network security group rule, whatever its origin. Addresses are Azure's: {@link #ANY}, {@link #SUBNET}, a
 * service tag (VirtualNetwork, AzureLoadBalancer, Storage.primaryRegion, ...) or a CIDR; ports are "*", "443" or
 * "11000-11999".
 */
public record NsgRule(String name, RuleOrigin origin, int priority, Direction direction, Access access,
                      Protocol protocol, List<String> sources, List<String> destinations, List<String> ports) {

    public static final String ANY = "*";
    /** The subnet itself ("_subnet_" and "MI SUBNET" in the source document's tables). */
    public static final String SUBNET = "Subnet";
    public static final String VIRTUAL_NETWORK = "VirtualNetwork";
    public static final String AZURE_LOAD_BALANCER = "AzureLoadBalancer";
    public static final String INTERNET = "Internet";

    public NsgRule {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        ports = List.copyOf(ports);
    }

    static NsgRule inbound(String name, RuleOrigin origin, int priority, Protocol protocol, String source,
                           List<String> ports) {
        return new NsgRule(name, origin, priority, Direction.Inbound, Access.Allow, protocol, List.of(source),
                List.of(SUBNET), ports);
    }

    static NsgRule outbound(String name, RuleOrigin origin, int priority, Protocol protocol, String destination,
                            List<String> ports) {
        return new NsgRule(name, origin, priority, Direction.Outbound, Access.Allow, protocol, List.of(SUBNET),
                List.of(destination), ports);
    }

    /** The addresses on the far side of the subnet: sources of an inbound rule, destinations of an outbound one. */
    public List<String> peers() {
        return direction == Direction.Inbound ? sources : destinations;
    }
}
