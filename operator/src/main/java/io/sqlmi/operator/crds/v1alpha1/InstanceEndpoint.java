package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One way to reach an instance, in the shape of Strimzi's ListenerStatus: a name, a type and where to connect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceEndpoint {

    @JsonPropertyDescription("Name of the Endpoint object.")
    private String name;

    @JsonPropertyDescription("Namespace of the Endpoint object, when not the instance's.")
    private String namespace;

    private EndpointType type;

    private String host;

    private Integer port;

    private ConnectionType connectionType;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public EndpointType getType() {
        return type;
    }

    public void setType(EndpointType type) {
        this.type = type;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public ConnectionType getConnectionType() {
        return connectionType;
    }

    public void setConnectionType(ConnectionType connectionType) {
        this.connectionType = connectionType;
    }
}
