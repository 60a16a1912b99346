package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddressStatus {

    @JsonPropertyDescription("Addresses in the subnet.")
    private Integer total;

    @JsonPropertyDescription("Addresses the platform reserves (5 in Azure).")
    private Integer reservedByPlatform;

    @JsonPropertyDescription("Addresses the internal load balancer takes: 1, network + 4 (status.gateway.address).")
    private Integer internalLoadBalancer;

    @JsonPropertyDescription("Addresses used by VM groups and instances.")
    private Integer used;

    @JsonPropertyDescription("Addresses left.")
    private Integer available;

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Integer getReservedByPlatform() {
        return reservedByPlatform;
    }

    public void setReservedByPlatform(Integer reservedByPlatform) {
        this.reservedByPlatform = reservedByPlatform;
    }

    public Integer getInternalLoadBalancer() {
        return internalLoadBalancer;
    }

    public void setInternalLoadBalancer(Integer internalLoadBalancer) {
        this.internalLoadBalancer = internalLoadBalancer;
    }

    public Integer getUsed() {
        return used;
    }

    public void setUsed(Integer used) {
        this.used = used;
    }

    public Integer getAvailable() {
        return available;
    }

    public void setAvailable(Integer available) {
        this.available = available;
    }
}
