package io.sqlmi.operator.capacity;

import io.sqlmi.operator.crds.v1alpha1.Tier;

/**
 * The numbers of the capacity model, in one place.
 *
 * <p>Addresses: the subnet sizing formula of mi/vnet-subnet-determine-size.md, version of 09/11/2025
 * (azure-sql-mi-facts.md section 2): {@code 5 + gp*4 + bc*10 + bc_zr*2 + vmg*8}. Azure reserves 5 addresses; each
 * VM group takes 8; a General Purpose instance takes 2 and a Business Critical one 5, each doubled in the formula
 * to keep room for the temporary doubling of a scale operation; zone-redundant Business Critical adds 2. This
 * model keeps the reserve: an instance is admitted only when its formula share fits.
 *
 * <p>Nodes: a VM group is one hardware generation and one maintenance window (mi/virtual-cluster-architecture.md);
 * each node offers a configured number of vCores; a General Purpose instance is one replica, a Business Critical
 * one four replicas on four distinct nodes, spread over three zones when zone redundant (facts section 7).
 */
public final class CapacityModel {

    public static final String FORMULA_SOURCE = "mi/vnet-subnet-determine-size.md (09/11/2025): 5 + gp*4 + bc*10 + bc_zr*2 + vmg*8";

    /** Addresses Azure reserves in every subnet. */
    public static final int RESERVED_BY_PLATFORM = 5;
    /**
     * The internal load balancer in front of the gateway takes one address of the subnet, network + 4
     * (network.LoadBalancerAddresses); the VNet-local host names resolve to it.
     */
    public static final int INTERNAL_LOAD_BALANCER = 1;
    /** Addresses of one VM group. */
    public static final int PER_VM_GROUP = 8;
    /** Permanent addresses of an instance, before the reserve for scaling. */
    public static final int GENERAL_PURPOSE = 2;
    public static final int BUSINESS_CRITICAL = 5;
    /** A scale operation temporarily doubles the scaled instance's addresses; the formula keeps room for it. */
    public static final int SCALE_RESERVE_FACTOR = 2;
    /** Extra addresses of a zone-redundant Business Critical instance (not doubled in the formula). */
    public static final int ZONE_REDUNDANT_EXTRA = 2;

    /** Replicas of each tier, and how many distinct nodes (and zones, when zone redundant) they need. */
    public static final int GENERAL_PURPOSE_REPLICAS = 1;
    public static final int BUSINESS_CRITICAL_REPLICAS = 4;
    public static final int ZONES = 3;

    private CapacityModel() {
    }

    /** An instance's share of the subnet, reserve for scaling included. */
    public static int addressesOf(Tier tier, boolean zoneRedundant) {
        return switch (tier) {
            case GeneralPurpose -> GENERAL_PURPOSE * SCALE_RESERVE_FACTOR;
            case BusinessCritical -> BUSINESS_CRITICAL * SCALE_RESERVE_FACTOR + (zoneRedundant ? ZONE_REDUNDANT_EXTRA : 0);
        };
    }

    public static int replicasOf(Tier tier) {
        return tier == Tier.BusinessCritical ? BUSINESS_CRITICAL_REPLICAS : GENERAL_PURPOSE_REPLICAS;
    }
}
