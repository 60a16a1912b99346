package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.stopped) || !self.stopped || self.tier == 'GeneralPurpose'",
        message = "stopped: only General Purpose instances stop and start, as in Azure; a Business Critical instance keeps running: remove stopped or set it to false (or move to tier GeneralPurpose in the same edit)",
        reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.stopped) || !self.stopped || !has(self.zoneRedundant) || !self.zoneRedundant",
        message = "stopped: a zone-redundant instance cannot stop, as in Azure: remove stopped or set it to false (or set zoneRedundant to false in the same edit)",
        reason = "FieldValueForbidden")
@ValidationRule(value = "!(has(oldSelf.stopped) && oldSelf.stopped && has(self.stopped) && self.stopped) || self == oldSelf",
        message = "a stopped instance keeps its configuration, as in Azure: set stopped to false to start it, in the same edit as the change or before it",
        reason = "FieldValueForbidden")
public class ManagedInstanceSpec {

    @Required
    @ValidationRule(value = "self == oldSelf", message = "virtualCluster is immutable: an instance cannot move to another subnet here; create a new instance in the other VirtualCluster")
    @JsonPropertyDescription("Name of the VirtualCluster (in this namespace) that hosts the instance. Immutable.")
    private String virtualCluster;

    @Required
    @JsonPropertyDescription("Service tier: GeneralPurpose (1 replica) or BusinessCritical (1 primary + 3 secondaries).")
    private Tier tier;

    @JsonPropertyDescription("Hardware generation: StandardSeries (absent means this), PremiumSeries or PremiumSeriesMemoryOptimized.")
    private Hardware hardware;

    @Required
    @ValidationRule(value = "self in [4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128]",
            message = "vCores must be one of 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128")
    @JsonPropertyDescription("vCores: 4, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96 or 128.")
    @com.fasterxml.jackson.annotation.JsonProperty("vCores")
    private Integer vCores;

    @Required
    @Min(32)
    @Max(16384)
    @ValidationRule(value = "self >= oldSelf", message = "storageSizeInGB can only grow: volumes are expanded, never shrunk; keep the size or create a new instance")
    @ValidationRule(value = "self % 32 == 0",
            message = "storageSizeInGB must be a multiple of 32 between 32 and 16384; round it to the next multiple of 32")
    @JsonPropertyDescription("Storage in GB, 32 to 16384 in multiples of 32. Sizes each replica's volume.")
    private Integer storageSizeInGB;

    @JsonPropertyDescription("Maintenance window: SystemDefault (absent means this), Weekday or Weekend.")
    private MaintenanceWindow maintenanceWindow;

    @JsonPropertyDescription("Connection type of the VNet-local endpoint: Redirect (absent means this) or Proxy. Default is accepted for Azure manifests and means Redirect.")
    private ProxyOverride proxyOverride;

    @JsonPropertyDescription("Lowest TLS version accepted from clients: None, 1.0, 1.1, 1.2 (absent means this) or 1.3.")
    private MinimalTlsVersion minimalTlsVersion;

    @Required
    @Pattern("^[A-Za-z_][A-Za-z0-9_]{0,127}$")
    @ValidationRule(value = "!(self.lowerAscii() in ['sa', 'admin', 'administrator', 'root', 'dbmanager', 'loginmanager', 'dbo', 'guest', 'public', 'sys'])",
            message = "administratorLogin cannot be a reserved name (sa, admin, administrator, root, dbmanager, loginmanager, dbo, guest, public, sys); pick another login such as sqladmin")
    @ValidationRule(value = "self == oldSelf", message = "administratorLogin is immutable: it cannot change after the instance is created")
    @JsonPropertyDescription("Login of the instance's administrator. Immutable.")
    private String administratorLogin;

    @JsonPropertyDescription("Secret key holding the administrator's password. Absent: the operator generates <name>-admin and never overwrites it.")
    private SecretKeySelector administratorLoginPasswordSecretRef;

    @JsonPropertyDescription("Spread the replicas over availability zones (topology.kubernetes.io/zone).")
    private Boolean zoneRedundant;

    @JsonPropertyDescription("Override of the operator's default engine image and resources.")
    private EngineOverride engine;

    @JsonPropertyDescription("true: stop the instance (Stopping, then Stopped): its engine pods go, its volumes, addresses and host names stay, and its vCores leave the virtual cluster. false or absent: run it (a Stopped instance starts). As in Azure only a Ready instance stops and only a Stopped one starts; a request that cannot proceed yet waits, and the Stopped condition says why.")
    private Boolean stopped;

    public String getVirtualCluster() {
        return virtualCluster;
    }

    public void setVirtualCluster(String virtualCluster) {
        this.virtualCluster = virtualCluster;
    }

    public Tier getTier() {
        return tier;
    }

    public void setTier(Tier tier) {
        this.tier = tier;
    }

    public Hardware getHardware() {
        return hardware;
    }

    public void setHardware(Hardware hardware) {
        this.hardware = hardware;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("vCores")
    public Integer getVCores() {
        return vCores;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("vCores")
    public void setVCores(Integer vCores) {
        this.vCores = vCores;
    }

    public Integer getStorageSizeInGB() {
        return storageSizeInGB;
    }

    public void setStorageSizeInGB(Integer storageSizeInGB) {
        this.storageSizeInGB = storageSizeInGB;
    }

    public MaintenanceWindow getMaintenanceWindow() {
        return maintenanceWindow;
    }

    public void setMaintenanceWindow(MaintenanceWindow maintenanceWindow) {
        this.maintenanceWindow = maintenanceWindow;
    }

    public ProxyOverride getProxyOverride() {
        return proxyOverride;
    }

    public void setProxyOverride(ProxyOverride proxyOverride) {
        this.proxyOverride = proxyOverride;
    }

    public MinimalTlsVersion getMinimalTlsVersion() {
        return minimalTlsVersion;
    }

    public void setMinimalTlsVersion(MinimalTlsVersion minimalTlsVersion) {
        this.minimalTlsVersion = minimalTlsVersion;
    }

    public String getAdministratorLogin() {
        return administratorLogin;
    }

    public void setAdministratorLogin(String administratorLogin) {
        this.administratorLogin = administratorLogin;
    }

    public SecretKeySelector getAdministratorLoginPasswordSecretRef() {
        return administratorLoginPasswordSecretRef;
    }

    public void setAdministratorLoginPasswordSecretRef(SecretKeySelector administratorLoginPasswordSecretRef) {
        this.administratorLoginPasswordSecretRef = administratorLoginPasswordSecretRef;
    }

    public Boolean getZoneRedundant() {
        return zoneRedundant;
    }

    public void setZoneRedundant(Boolean zoneRedundant) {
        this.zoneRedundant = zoneRedundant;
    }

    public EngineOverride getEngine() {
        return engine;
    }

    public void setEngine(EngineOverride engine) {
        this.engine = engine;
    }

    public Boolean getStopped() {
        return stopped;
    }

    public void setStopped(Boolean stopped) {
        this.stopped = stopped;
    }
}
