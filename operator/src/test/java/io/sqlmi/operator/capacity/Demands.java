package io.sqlmi.operator.capacity;

import io.sqlmi.operator.crds.v1alpha1.Tier;

/** Instances as the planner sees them, for tests: a name, when it was created, its VM group, tier and size. */
final class Demands {

    static final String STANDARD = "standardseries-systemdefault";
    static final String PREMIUM = "premiumseries-systemdefault";
    static final String STANDARD_WEEKEND = "standardseries-weekend";

    private Demands() {
    }

    /** A creationTimestamp {@code seconds} after a fixed start, as the API server writes it. */
    static String at(int seconds) {
        return String.format("2025-01-01T%02d:%02d:%02dZ", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    static InstanceDemand gp(String name, int createdAt) {
        return gp(name, createdAt, STANDARD, 4);
    }

    static InstanceDemand gp(String name, int createdAt, String group, int vCores) {
        return new InstanceDemand(name, at(createdAt), group, Tier.GeneralPurpose, vCores, false, false);
    }

    static InstanceDemand bc(String name, int createdAt) {
        return bc(name, createdAt, STANDARD, 4);
    }

    static InstanceDemand bc(String name, int createdAt, String group, int vCores) {
        return new InstanceDemand(name, at(createdAt), group, Tier.BusinessCritical, vCores, false, false);
    }

    static InstanceDemand bcZoneRedundant(String name, int createdAt, String group, int vCores) {
        return new InstanceDemand(name, at(createdAt), group, Tier.BusinessCritical, vCores, true, false);
    }

    /** The same instance, now holding its addresses (its AddressSpaceAvailable condition is True). */
    static InstanceDemand admitted(InstanceDemand demand) {
        return new InstanceDemand(demand.name(), demand.created(), demand.vmGroup(), demand.tier(), demand.vCores(),
                demand.zoneRedundant(), true);
    }

    /** The same instance, admitted and now Stopped: it keeps its addresses and asks for no compute. */
    static InstanceDemand stopped(InstanceDemand demand) {
        return new InstanceDemand(demand.name(), demand.created(), demand.vmGroup(), demand.tier(), demand.vCores(),
                demand.zoneRedundant(), true, true);
    }
}
