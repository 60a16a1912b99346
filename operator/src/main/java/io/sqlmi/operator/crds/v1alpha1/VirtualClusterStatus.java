package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualClusterStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Creating, Ready, Resizing, Failed or Deleting.")
    private VirtualClusterState state;

    @JsonPropertyDescription("The DNS zone of every instance in the cluster: 12 lowercase hex characters, or the partner's zone. Fixed once assigned.")
    private String dnsZone;

    @JsonPropertyDescription("Number of managed instances hosted.")
    private Integer instances;

    @JsonPropertyDescription("VM groups (one per hardware and maintenance window) and their node counts.")
    private List<VmGroupStatus> vmGroups;

    @JsonPropertyDescription("NodePool when the cluster has nodes labelled sqlmi.io/pool=true (VM groups claim them), else Unrestricted (the VM groups exist in status only).")
    private String placement;

    @JsonPropertyDescription("Address accounting of the subnet.")
    private AddressStatus addresses;

    @JsonPropertyDescription("The gateway that routes connections to instances by host name.")
    private GatewayStatus gateway;

    @JsonPropertyDescription("Effective security rules, each with its origin: Mandatory, Default or User.")
    private List<EffectiveSecurityRule> securityRules;

    @JsonPropertyDescription("Effective routes, each with its origin: Mandatory or User.")
    private List<EffectiveRoute> routes;

    @JsonPropertyDescription("Ready leads; then NetworkIntentPolicyApplied, DnsZoneAssigned, GatewayAvailable, AddressSpaceSufficient, ...")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public VirtualClusterState getState() {
        return state;
    }

    public void setState(VirtualClusterState state) {
        this.state = state;
    }

    public String getDnsZone() {
        return dnsZone;
    }

    public void setDnsZone(String dnsZone) {
        this.dnsZone = dnsZone;
    }

    public Integer getInstances() {
        return instances;
    }

    public void setInstances(Integer instances) {
        this.instances = instances;
    }

    public String getPlacement() {
        return placement;
    }

    public void setPlacement(String placement) {
        this.placement = placement;
    }

    public List<VmGroupStatus> getVmGroups() {
        return vmGroups;
    }

    public void setVmGroups(List<VmGroupStatus> vmGroups) {
        this.vmGroups = vmGroups;
    }

    public AddressStatus getAddresses() {
        return addresses;
    }

    public void setAddresses(AddressStatus addresses) {
        this.addresses = addresses;
    }

    public GatewayStatus getGateway() {
        return gateway;
    }

    public void setGateway(GatewayStatus gateway) {
        this.gateway = gateway;
    }

    public List<EffectiveSecurityRule> getSecurityRules() {
        return securityRules;
    }

    public void setSecurityRules(List<EffectiveSecurityRule> securityRules) {
        this.securityRules = securityRules;
    }

    public List<EffectiveRoute> getRoutes() {
        return routes;
    }

    public void setRoutes(List<EffectiveRoute> routes) {
        this.routes = routes;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
