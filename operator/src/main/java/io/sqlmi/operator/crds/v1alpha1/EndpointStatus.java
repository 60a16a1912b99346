package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("VNetLocal and Public: Creating, Ready or Failed. Private: Pending, Approved, Rejected or Disconnected.")
    private EndpointState state;

    @JsonPropertyDescription("Host name to connect with; the gateway routes on it, so use it rather than the address.")
    private String host;

    private Integer port;

    @JsonPropertyDescription("Address of the endpoint's Service (a load balancer's external address when it has one).")
    private String address;

    private ConnectionType connectionType;

    @JsonPropertyDescription("The Service that carries the endpoint's traffic.")
    private String serviceName;

    @JsonPropertyDescription("Ready leads; then InstanceFound, TrafficAllowed, ...")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public EndpointState getState() {
        return state;
    }

    public void setState(EndpointState state) {
        this.state = state;
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

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public ConnectionType getConnectionType() {
        return connectionType;
    }

    public void setConnectionType(ConnectionType connectionType) {
        this.connectionType = connectionType;
    }

    public String getServiceName() {
        return serviceName;
    }

    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
