package io.sqlmi.operator.instance;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceSpec;
import java.util.Locale;

/**
 * VM groups: one per combination of hardware and maintenance window (azure-sql-mi-facts.md section 2, from
 * mi/virtual-cluster-architecture.md). Named {@code <hardware>-<maintenanceWindow>} in lowercase, as api.md shows.
 */
public final class VmGroups {

    private VmGroups() {
    }

    public static String nameOf(ManagedInstanceSpec spec) {
        return (InstanceSettings.hardware(spec).name() + "-" + InstanceSettings.maintenanceWindow(spec).name())
                .toLowerCase(Locale.ROOT);
    }
}
