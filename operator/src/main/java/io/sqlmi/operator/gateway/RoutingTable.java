package io.sqlmi.operator.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the gateway of a virtual cluster needs to route a connection: for every host name a client may use, the
 * instance it means, the endpoint it came through, the connection type, and where the engine is. Published as
 * JSON in the ConfigMap {@code <vc>-gateway-routes} (key {@value #FILE}); docs/design.md ("The routing table") is its contract.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"virtualCluster", "dnsZone", "dnsSuffix", "instances"})
public record RoutingTable(String virtualCluster, String dnsZone, String dnsSuffix, List<InstanceRoute> instances) {

    public static final String FILE = "routes.json";

    /**
     * @param readableSecondary where logins with read intent go (Business Critical only); null (left out) otherwise
     * @param state the instance's state when it is Stopping, Stopped or Starting: the gateway refuses new logins
     *              then (40532); null (left out) while the instance takes logins
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "namespace", "minimalTlsVersion", "engine", "redirect", "readableSecondary", "hosts", "state"})
    public record InstanceRoute(String name, String namespace, String minimalTlsVersion, Target engine,
                                Target redirect, Replica readableSecondary, List<HostRoute> hosts, String state) {
    }

    /** A replica other than the primary: proxied sessions go to {@code engine}, redirected clients to {@code redirect}. */
    @JsonPropertyOrder({"engine", "redirect"})
    public record Replica(Target engine, Target redirect) {
    }

    /** A host name the gateway answers to. {@code listenerPort} is the gateway port it arrives on (1433 or 3342). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"host", "type", "endpoint", "endpointNamespace", "connectionType", "listenerPort"})
    public record HostRoute(String host, String type, String endpoint, String endpointNamespace,
                            String connectionType, int listenerPort) {
    }

    @JsonPropertyOrder({"host", "port"})
    public record Target(String host, int port) {
    }
}
