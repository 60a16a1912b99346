package io.sqlmi.operator.instance;

import io.sqlmi.operator.capacity.CapacityModel;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.Hardware;
import io.sqlmi.operator.crds.v1alpha1.MaintenanceWindow;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceSpec;
import io.sqlmi.operator.crds.v1alpha1.MinimalTlsVersion;
import io.sqlmi.operator.crds.v1alpha1.ProxyOverride;
import java.util.Optional;

/**
 * What an absent optional field of a ManagedInstance means (api.md). The operator applies these when it computes,
 * never writing them into spec, so GitOps tools see the spec exactly as committed.
 */
public final class InstanceSettings {

    private InstanceSettings() {
    }

    /** Absent (and the deprecated Default) mean Redirect: the default since October 2025 (azure-sql-mi-facts.md section 1). */
    public static ConnectionType connectionType(ManagedInstanceSpec spec) {
        return spec.getProxyOverride() == ProxyOverride.Proxy ? ConnectionType.Proxy : ConnectionType.Redirect;
    }

    /** Absent means 1.2, the lowest version Azure still lets an instance set (azure-sql-mi-facts.md section 8). */
    public static MinimalTlsVersion minimalTlsVersion(ManagedInstanceSpec spec) {
        return Optional.ofNullable(spec.getMinimalTlsVersion()).orElse(MinimalTlsVersion.TLS_1_2);
    }

    public static Hardware hardware(ManagedInstanceSpec spec) {
        return Optional.ofNullable(spec.getHardware()).orElse(Hardware.StandardSeries);
    }

    public static MaintenanceWindow maintenanceWindow(ManagedInstanceSpec spec) {
        return Optional.ofNullable(spec.getMaintenanceWindow()).orElse(MaintenanceWindow.SystemDefault);
    }

    public static boolean zoneRedundant(ManagedInstanceSpec spec) {
        return Boolean.TRUE.equals(spec.getZoneRedundant());
    }

    /** Absent means false: the instance runs. */
    public static boolean stopped(ManagedInstanceSpec spec) {
        return Boolean.TRUE.equals(spec.getStopped());
    }

    /** GeneralPurpose runs one replica; BusinessCritical a primary and three secondaries (facts section 7). */
    public static int replicas(ManagedInstanceSpec spec) {
        return CapacityModel.replicasOf(spec.getTier());
    }

    /** Business Critical has readable secondaries; read-intent logins go to one of them (gateway.md section 3). */
    public static boolean hasReadableSecondary(ManagedInstanceSpec spec) {
        return replicas(spec) > InstanceNames.READABLE_SECONDARY_ORDINAL;
    }
}
