package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedInstanceStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Creating, Ready, Updating, Stopping, Stopped, Starting, Deleting or Failed.")
    private InstanceState state;

    @JsonPropertyDescription("DNS zone of the virtual cluster.")
    private String dnsZone;

    @JsonPropertyDescription("<name>.<dnsZone>.<suffix>: the VNet-local host name clients connect to.")
    private String fullyQualifiedDomainName;

    @JsonPropertyDescription("Effective connection type of the VNet-local endpoint.")
    private ConnectionType connectionType;

    @JsonPropertyDescription("Effective minimal TLS version.")
    private MinimalTlsVersion minimalTlsVersion;

    @JsonPropertyDescription("Port in 11000-11999, unique in the virtual cluster, that redirected clients connect to. Never changes once assigned.")
    private Integer redirectPort;

    private ReplicaCounts replicas;

    @JsonPropertyDescription("Pod of the primary replica.")
    private String primaryReplica;

    @JsonPropertyDescription("Pods of the readable secondaries (BusinessCritical).")
    private List<String> readableSecondaries;

    @JsonPropertyDescription("The VM group of the virtual cluster hosting the instance.")
    private String vmGroup;

    @JsonPropertyDescription("Secret with host, port, username, password and jdbcUrl.")
    private String connectionSecretName;

    @JsonPropertyDescription("Endpoints of the instance: its VNet-local endpoint and any public or private endpoints.")
    private List<InstanceEndpoint> endpoints;

    @JsonPropertyDescription("Ready leads; then VirtualClusterReady, AddressSpaceAvailable, ReplicasReady, ...")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public InstanceState getState() {
        return state;
    }

    public void setState(InstanceState state) {
        this.state = state;
    }

    public String getDnsZone() {
        return dnsZone;
    }

    public void setDnsZone(String dnsZone) {
        this.dnsZone = dnsZone;
    }

    public String getFullyQualifiedDomainName() {
        return fullyQualifiedDomainName;
    }

    public void setFullyQualifiedDomainName(String fullyQualifiedDomainName) {
        this.fullyQualifiedDomainName = fullyQualifiedDomainName;
    }

    public ConnectionType getConnectionType() {
        return connectionType;
    }

    public void setConnectionType(ConnectionType connectionType) {
        this.connectionType = connectionType;
    }

    public MinimalTlsVersion getMinimalTlsVersion() {
        return minimalTlsVersion;
    }

    public void setMinimalTlsVersion(MinimalTlsVersion minimalTlsVersion) {
        this.minimalTlsVersion = minimalTlsVersion;
    }

    public Integer getRedirectPort() {
        return redirectPort;
    }

    public void setRedirectPort(Integer redirectPort) {
        this.redirectPort = redirectPort;
    }

    public ReplicaCounts getReplicas() {
        return replicas;
    }

    public void setReplicas(ReplicaCounts replicas) {
        this.replicas = replicas;
    }

    public String getPrimaryReplica() {
        return primaryReplica;
    }

    public void setPrimaryReplica(String primaryReplica) {
        this.primaryReplica = primaryReplica;
    }

    public List<String> getReadableSecondaries() {
        return readableSecondaries;
    }

    public void setReadableSecondaries(List<String> readableSecondaries) {
        this.readableSecondaries = readableSecondaries;
    }

    public String getVmGroup() {
        return vmGroup;
    }

    public void setVmGroup(String vmGroup) {
        this.vmGroup = vmGroup;
    }

    public String getConnectionSecretName() {
        return connectionSecretName;
    }

    public void setConnectionSecretName(String connectionSecretName) {
        this.connectionSecretName = connectionSecretName;
    }

    public List<InstanceEndpoint> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<InstanceEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
