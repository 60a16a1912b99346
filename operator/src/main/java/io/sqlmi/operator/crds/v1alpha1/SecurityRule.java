package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A network security group rule in Azure's shape (Microsoft.Network/networkSecurityGroups/securityRules). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.sourceAddressPrefix) != has(self.sourceAddressPrefixes)",
        message = "security rule: set exactly one of sourceAddressPrefix and sourceAddressPrefixes (use \"*\" for any source)")
@ValidationRule(value = "!(has(self.destinationAddressPrefix) && has(self.destinationAddressPrefixes))",
        message = "security rule: set at most one of destinationAddressPrefix and destinationAddressPrefixes (absent means \"*\")")
@ValidationRule(value = "has(self.destinationPortRange) != has(self.destinationPortRanges)",
        message = "security rule: set exactly one of destinationPortRange and destinationPortRanges (use \"*\" for any port)")
@ValidationRule(value = "!has(self.destinationPortRange) || (self.destinationPortRange == '*' || (self.destinationPortRange.split('-').all(x, int(x) >= 1 && int(x) <= 65535) && (self.destinationPortRange.split('-').size() == 1 || int(self.destinationPortRange.split('-')[0]) <= int(self.destinationPortRange.split('-')[1]))))",
        message = "security rule: destinationPortRange must be *, a port 1-65535 or a range low-high within 1-65535, e.g. 11000-11999")
@ValidationRule(value = "!has(self.destinationPortRanges) || self.destinationPortRanges.all(p, (p == '*' || (p.split('-').all(x, int(x) >= 1 && int(x) <= 65535) && (p.split('-').size() == 1 || int(p.split('-')[0]) <= int(p.split('-')[1])))))",
        message = "security rule: every destinationPortRanges item must be *, a port 1-65535 or a range low-high within 1-65535")
@ValidationRule(value = "(!has(self.sourceAddressPrefix) || !self.sourceAddressPrefix.contains(':')) && (!has(self.destinationAddressPrefix) || !self.destinationAddressPrefix.contains(':')) && (!has(self.sourceAddressPrefixes) || self.sourceAddressPrefixes.all(a, !a.contains(':'))) && (!has(self.destinationAddressPrefixes) || self.destinationAddressPrefixes.all(a, !a.contains(':')))",
        message = "security rule: IPv6 prefixes render SQL Managed Instance unavailable; use IPv4 CIDRs or service tags")
// Source: seed-connectivity-architecture.md, "Networking constraints": using the AzurePlatformDNS service tag to block
// platform DNS resolution renders SQL Managed Instance unavailable. Azure's NSGs leave platform DNS alone unless a rule
// names that tag, so only a Deny rule toward it can block it.
@ValidationRule(value = "self.access != 'Deny' || !((has(self.destinationAddressPrefix) && self.destinationAddressPrefix.lowerAscii() == 'azureplatformdns') || (has(self.destinationAddressPrefixes) && self.destinationAddressPrefixes.exists(a, a.lowerAscii() == 'azureplatformdns')))",
        messageExpression = "'security rule %s: a Deny rule toward AzurePlatformDNS blocks platform DNS resolution, which renders SQL Managed Instance unavailable (an unsupported configuration); remove AzurePlatformDNS from its destinations. The instances may still use a custom DNS server, but the platform needs Azure DNS'.format([self.name])")
public class SecurityRule {

    @Required
    @Size(max = 80)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
    @ValidationRule(value = "!self.startsWith('Microsoft.Sql-managedInstances_UseOnly_')",
            message = "security rule names starting with Microsoft.Sql-managedInstances_UseOnly_ are reserved for mandatory rules; choose another name")
    @JsonPropertyDescription("Rule name, unique in the group; 1-80 letters, digits, '_', '.', '-'.")
    private String name;

    @Required
    @Min(100)
    @Max(4096)
    @JsonPropertyDescription("Priority 100-4096; lower numbers are evaluated first.")
    private Integer priority;

    @Required
    @JsonPropertyDescription("Inbound or Outbound.")
    private Direction direction;

    @Required
    @JsonPropertyDescription("Allow or Deny.")
    private Access access;

    @Required
    @JsonPropertyDescription("Tcp, Udp, Icmp or * (any).")
    private Protocol protocol;

    @JsonPropertyDescription("Source: a CIDR, an IP address, * or a service tag (VirtualNetwork, AzureLoadBalancer, Internet, ...).")
    @Size(max = 64)
    private String sourceAddressPrefix;

    @JsonPropertyDescription("Several sources, each a CIDR, an IP address or a service tag.")
    @Size(max = 50)
    private List<@Size(max = 64) String> sourceAddressPrefixes;

    @JsonPropertyDescription("Destination: a CIDR, an IP address, * or a service tag. Absent means *.")
    @Size(max = 64)
    private String destinationAddressPrefix;

    @JsonPropertyDescription("Several destinations, each a CIDR, an IP address or a service tag.")
    @Size(max = 50)
    private List<@Size(max = 64) String> destinationAddressPrefixes;

    @Pattern("^(\\*|[0-9]{1,5}(-[0-9]{1,5})?)$")
    @JsonPropertyDescription("A port (1433), a range (11000-11999) or * for any.")
    @Size(max = 64)
    private String destinationPortRange;

    @JsonPropertyDescription("Several ports or ranges, e.g. [\"1433\", \"11000-11999\"].")
    @Size(max = 50)
    private List<@Size(max = 11) @Pattern("^(\\*|[0-9]{1,5}(-[0-9]{1,5})?)$") String> destinationPortRanges;

    @JsonPropertyDescription("Free text.")
    @Size(max = 140)
    private String description;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public Direction getDirection() {
        return direction;
    }

    public void setDirection(Direction direction) {
        this.direction = direction;
    }

    public Access getAccess() {
        return access;
    }

    public void setAccess(Access access) {
        this.access = access;
    }

    public Protocol getProtocol() {
        return protocol;
    }

    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    public String getSourceAddressPrefix() {
        return sourceAddressPrefix;
    }

    public void setSourceAddressPrefix(String sourceAddressPrefix) {
        this.sourceAddressPrefix = sourceAddressPrefix;
    }

    public List<String> getSourceAddressPrefixes() {
        return sourceAddressPrefixes;
    }

    public void setSourceAddressPrefixes(List<String> sourceAddressPrefixes) {
        this.sourceAddressPrefixes = sourceAddressPrefixes;
    }

    public String getDestinationAddressPrefix() {
        return destinationAddressPrefix;
    }

    public void setDestinationAddressPrefix(String destinationAddressPrefix) {
        this.destinationAddressPrefix = destinationAddressPrefix;
    }

    public List<String> getDestinationAddressPrefixes() {
        return destinationAddressPrefixes;
    }

    public void setDestinationAddressPrefixes(List<String> destinationAddressPrefixes) {
        this.destinationAddressPrefixes = destinationAddressPrefixes;
    }

    public String getDestinationPortRange() {
        return destinationPortRange;
    }

    public void setDestinationPortRange(String destinationPortRange) {
        this.destinationPortRange = destinationPortRange;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getDestinationPortRanges() {
        return destinationPortRanges;
    }

    public void setDestinationPortRanges(List<String> destinationPortRanges) {
        this.destinationPortRanges = destinationPortRanges;
    }

    public enum Direction {
        Inbound, Outbound
    }

    public enum Access {
        Allow, Deny
    }

    public enum Protocol {
        Tcp, Udp, Icmp, @com.fasterxml.jackson.annotation.JsonProperty("*") Any
    }
}
