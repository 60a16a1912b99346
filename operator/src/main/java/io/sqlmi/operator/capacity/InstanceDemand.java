package io.sqlmi.operator.capacity;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.instance.InstanceSettings;
import io.sqlmi.operator.instance.StopStart;
import io.sqlmi.operator.instance.VmGroups;
import java.util.Comparator;

/**
 * What one instance asks of its virtual cluster.
 *
 * @param admitted whether the instance already holds its addresses (it is never displaced by a newcomer)
 * @param stopped  whether the instance is Stopped: it keeps its addresses but asks for no vCores and no nodes
 */
public record InstanceDemand(String name, String created, String vmGroup, Tier tier, int vCores,
                             boolean zoneRedundant, boolean admitted, boolean stopped) {

    /** A running instance. */
    public InstanceDemand(String name, String created, String vmGroup, Tier tier, int vCores, boolean zoneRedundant,
                          boolean admitted) {
        this(name, created, vmGroup, tier, vCores, zoneRedundant, admitted, false);
    }

    /** Instances holding addresses first, then first come, first served. */
    static final Comparator<InstanceDemand> ADMISSION_ORDER = Comparator
            .comparing((InstanceDemand d) -> !d.admitted())
            .thenComparing(InstanceDemand::created, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(InstanceDemand::name);

    public static InstanceDemand of(ManagedInstance mi, boolean admitted) {
        return new InstanceDemand(mi.getMetadata().getName(), mi.getMetadata().getCreationTimestamp(),
                VmGroups.nameOf(mi.getSpec()), mi.getSpec().getTier(), mi.getSpec().getVCores(),
                InstanceSettings.zoneRedundant(mi.getSpec()), admitted, StopStart.releasesCompute(mi));
    }

    public int addresses() {
        return CapacityModel.addressesOf(tier, zoneRedundant);
    }
}
