package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Subnet {

    @Required
    @ValidationRule(value = "isCIDR(self) && cidr(self).ip().family() == 4",
            message = "subnet.addressPrefix must be an IPv4 CIDR such as 10.0.0.0/24 (IPv6 subnets are not supported by SQL Managed Instance)")
    @ValidationRule(value = "!isCIDR(self) || cidr(self).prefixLength() <= 27",
            message = "subnet.addressPrefix needs at least 32 addresses: use a prefix length of /27 or shorter (for example 10.0.0.0/27 or 10.0.0.0/24)")
    @ValidationRule(value = "!isCIDR(self) || cidr(self).masked() == cidr(self)",
            message = "subnet.addressPrefix must be a network address with no host bits set: write it as cidr.masked(), for example 10.0.0.0/24 instead of 10.0.0.5/24")
    @ValidationRule(value = "self == oldSelf", message = "subnet.addressPrefix is immutable: the subnet range cannot change while resources exist in it; create a new VirtualCluster with a larger subnet")
    @JsonPropertyDescription("Address range of the subnet, an IPv4 CIDR with at least 32 addresses (/27 or larger). Immutable.")
    @Size(max = 18)
    private String addressPrefix;

    @Required
    @ValidationRule(value = "self == 'Microsoft.Sql/managedInstances'",
            message = "subnet.delegation must be Microsoft.Sql/managedInstances: the subnet has to be delegated to the SQL Managed Instance resource provider")
    @JsonPropertyDescription("Subnet delegation; the only allowed value is Microsoft.Sql/managedInstances.")
    @Size(max = 64)
    private String delegation;

    public String getAddressPrefix() {
        return addressPrefix;
    }

    public void setAddressPrefix(String addressPrefix) {
        this.addressPrefix = addressPrefix;
    }

    public String getDelegation() {
        return delegation;
    }

    public void setDelegation(String delegation) {
        this.delegation = delegation;
    }
}
