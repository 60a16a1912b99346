package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(oldSelf.architecture) && oldSelf.architecture == 'BeforeNovember2022') || !has(self.architecture) || self.architecture == 'Current'",
        message = "architecture: the only allowed change is BeforeNovember2022 -> Current (the November 2022 feature wave cannot be undone); keep architecture Current",
        reason = "FieldValueForbidden")
@ValidationRule(value = "has(oldSelf.dnsZonePartner) == has(self.dnsZonePartner)",
        message = "dnsZonePartner is immutable: the DNS zone is fixed when the cluster is created; create a new VirtualCluster to use another partner",
        reason = "FieldValueForbidden")
public class VirtualClusterSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @ValidationRule(value = "self == oldSelf", message = "virtualNetwork is immutable: a subnet cannot move to another virtual network; create a new VirtualCluster instead")
    @JsonPropertyDescription("Name of the virtual network (VNet) the subnet belongs to. Namespaces labelled sqlmi.io/virtual-network=<name> are inside it. Immutable.")
    private String virtualNetwork;

    @JsonPropertyDescription("Other virtual networks peered with this one: their namespaces also reach the VNet-local endpoint.")
    @Size(max = 20)
    private List<@Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$") String> peeredVirtualNetworks;

    @Required
    @JsonPropertyDescription("The dedicated subnet of the virtual cluster.")
    private Subnet subnet;

    @JsonPropertyDescription("Connectivity architecture: Current (after the November 2022 feature wave, the default) or BeforeNovember2022. Only BeforeNovember2022 -> Current may change.")
    private Architecture architecture;

    @ValidationRule(value = "self == oldSelf", message = "dnsZonePartner is immutable: the DNS zone is fixed when the cluster is created; create a new VirtualCluster to use another partner")
    @JsonPropertyDescription("Share the DNS zone of another VirtualCluster (for failover groups). Set at creation only.")
    private VirtualClusterReference dnsZonePartner;

    @JsonPropertyDescription("The network security group of the subnet: the user's rules. The operator adds the mandatory and default rules.")
    private NetworkSecurityGroup networkSecurityGroup;

    @JsonPropertyDescription("The route table of the subnet: the user's routes. The operator adds the mandatory routes.")
    private RouteTable routeTable;

    public String getVirtualNetwork() {
        return virtualNetwork;
    }

    public void setVirtualNetwork(String virtualNetwork) {
        this.virtualNetwork = virtualNetwork;
    }

    public Subnet getSubnet() {
        return subnet;
    }

    public void setSubnet(Subnet subnet) {
        this.subnet = subnet;
    }

    public Architecture getArchitecture() {
        return architecture;
    }

    public void setArchitecture(Architecture architecture) {
        this.architecture = architecture;
    }

    public VirtualClusterReference getDnsZonePartner() {
        return dnsZonePartner;
    }

    public void setDnsZonePartner(VirtualClusterReference dnsZonePartner) {
        this.dnsZonePartner = dnsZonePartner;
    }

    public NetworkSecurityGroup getNetworkSecurityGroup() {
        return networkSecurityGroup;
    }

    public void setNetworkSecurityGroup(NetworkSecurityGroup networkSecurityGroup) {
        this.networkSecurityGroup = networkSecurityGroup;
    }

    public RouteTable getRouteTable() {
        return routeTable;
    }

    public void setRouteTable(RouteTable routeTable) {
        this.routeTable = routeTable;
    }
    public List<String> getPeeredVirtualNetworks() {
        return peeredVirtualNetworks;
    }

    public void setPeeredVirtualNetworks(List<String> peeredVirtualNetworks) {
        this.peeredVirtualNetworks = peeredVirtualNetworks;
    }
}
