package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class EffectiveRoute {

    private String name;

    private RuleOrigin origin;

    private String addressPrefix;

    private Route.NextHopType nextHopType;

    private String nextHopIpAddress;

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

    public String getAddressPrefix() {
        return addressPrefix;
    }

    public void setAddressPrefix(String addressPrefix) {
        this.addressPrefix = addressPrefix;
    }

    public Route.NextHopType getNextHopType() {
        return nextHopType;
    }

    public void setNextHopType(Route.NextHopType nextHopType) {
        this.nextHopType = nextHopType;
    }

    public String getNextHopIpAddress() {
        return nextHopIpAddress;
    }

    public void setNextHopIpAddress(String nextHopIpAddress) {
        this.nextHopIpAddress = nextHopIpAddress;
    }
}
