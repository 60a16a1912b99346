package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(self.nextHopType == 'VirtualAppliance') == has(self.nextHopIpAddress)",
        message = "route: nextHopIpAddress is required when nextHopType is VirtualAppliance, and only then")
public class Route {

    @Required
    @Size(max = 80)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
    @ValidationRule(value = "!self.startsWith('Microsoft.Sql-managedInstances_UseOnly_')",
            message = "route names starting with Microsoft.Sql-managedInstances_UseOnly_ are reserved for mandatory routes; choose another name")
    @JsonPropertyDescription("Route name, unique in the table.")
    private String name;

    @Required
    @JsonPropertyDescription("Destination: an IPv4 CIDR or a service tag.")
    @ValidationRule(value = "!isCIDR(self) || cidr(self).ip().family() == 4",
            message = "route addressPrefix: IPv6 prefixes render SQL Managed Instance unavailable; use an IPv4 CIDR or a service tag")
    @Size(max = 64)
    private String addressPrefix;

    @Required
    @JsonPropertyDescription("VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance or None.")
    private NextHopType nextHopType;

    @JsonPropertyDescription("Next hop address, for nextHopType VirtualAppliance.")
    @ValidationRule(value = "isIP(self) && ip(self).family() == 4", message = "route nextHopIpAddress must be an IPv4 address")
    @Size(max = 15)
    private String nextHopIpAddress;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAddressPrefix() {
        return addressPrefix;
    }

    public void setAddressPrefix(String addressPrefix) {
        this.addressPrefix = addressPrefix;
    }

    public NextHopType getNextHopType() {
        return nextHopType;
    }

    public void setNextHopType(NextHopType nextHopType) {
        this.nextHopType = nextHopType;
    }

    public String getNextHopIpAddress() {
        return nextHopIpAddress;
    }

    public void setNextHopIpAddress(String nextHopIpAddress) {
        this.nextHopIpAddress = nextHopIpAddress;
    }

    public enum NextHopType {
        VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance, None
    }
}
