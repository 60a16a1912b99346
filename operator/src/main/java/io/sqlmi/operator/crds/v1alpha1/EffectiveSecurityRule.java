package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A security rule as enforced, whatever its origin. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EffectiveSecurityRule {

    private String name;

    @JsonPropertyDescription("Mandatory (network intent policy), Default (NSG default rules) or User.")
    private RuleOrigin origin;

    private Integer priority;

    private SecurityRule.Direction direction;

    private SecurityRule.Access access;

    private SecurityRule.Protocol protocol;

    private List<String> sourceAddressPrefixes;

    private List<String> destinationAddressPrefixes;

    private List<String> destinationPortRanges;

    @JsonPropertyDescription("The NetworkPolicy that enforces the rule, when one does.")
    private String networkPolicy;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public RuleOrigin getOrigin() {
        return origin;
    }

    public void setOrigin(RuleOrigin origin) {
        this.origin = origin;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public SecurityRule.Direction getDirection() {
        return direction;
    }

    public void setDirection(SecurityRule.Direction direction) {
        this.direction = direction;
    }

    public SecurityRule.Access getAccess() {
        return access;
    }

    public void setAccess(SecurityRule.Access access) {
        this.access = access;
    }

    public SecurityRule.Protocol getProtocol() {
        return protocol;
    }

    public void setProtocol(SecurityRule.Protocol protocol) {
        this.protocol = protocol;
    }

    public List<String> getSourceAddressPrefixes() {
        return sourceAddressPrefixes;
    }

    public void setSourceAddressPrefixes(List<String> sourceAddressPrefixes) {
        this.sourceAddressPrefixes = sourceAddressPrefixes;
    }

    public List<String> getDestinationAddressPrefixes() {
        return destinationAddressPrefixes;
    }

    public void setDestinationAddressPrefixes(List<String> destinationAddressPrefixes) {
        this.destinationAddressPrefixes = destinationAddressPrefixes;
    }

    public List<String> getDestinationPortRanges() {
        return destinationPortRanges;
    }

    public void setDestinationPortRanges(List<String> destinationPortRanges) {
        this.destinationPortRanges = destinationPortRanges;
    }

    public String getNetworkPolicy() {
        return networkPolicy;
    }

    public void setNetworkPolicy(String networkPolicy) {
        this.networkPolicy = networkPolicy;
    }
}
