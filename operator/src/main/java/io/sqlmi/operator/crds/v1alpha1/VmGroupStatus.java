package io.sqlmi.operator.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmGroupStatus {

    @JsonPropertyDescription("<hardware>-<maintenanceWindow>, lowercase.")
    private String name;

    private Hardware hardware;

    private MaintenanceWindow maintenanceWindow;

    @JsonPropertyDescription("Nodes (VMs) of the group.")
    private Integer nodes;

    @JsonPropertyDescription("Instances placed in the group, stopped ones included.")
    private Integer instances;

    @JsonPropertyDescription("Instances of the group that are Stopped: they keep their addresses but take no vCores and no nodes. Absent when none is.")
    private Integer stoppedInstances;

    @JsonPropertyDescription("vCores of all the group's running replicas (a Stopped instance has none).")
    @com.fasterxml.jackson.annotation.JsonProperty("vCores")
    private Integer vCores;

    @JsonPropertyDescription("The cluster nodes claimed for the group, when the cluster has a node pool (nodes labelled sqlmi.io/pool=true).")
    private java.util.List<String> nodeNames;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Hardware getHardware() {
        return hardware;
    }

    public void setHardware(Hardware hardware) {
        this.hardware = hardware;
    }

    public MaintenanceWindow getMaintenanceWindow() {
        return maintenanceWindow;
    }

    public void setMaintenanceWindow(MaintenanceWindow maintenanceWindow) {
        this.maintenanceWindow = maintenanceWindow;
    }

    public Integer getNodes() {
        return nodes;
    }

    public void setNodes(Integer nodes) {
        this.nodes = nodes;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("vCores")
    public Integer getVCores() {
        return vCores;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("vCores")
    public void setVCores(Integer vCores) {
        this.vCores = vCores;
    }

    public java.util.List<String> getNodeNames() {
        return nodeNames;
    }

    public void setNodeNames(java.util.List<String> nodeNames) {
        this.nodeNames = nodeNames;
    }

    public Integer getInstances() {
        return instances;
    }

    public void setInstances(Integer instances) {
        this.instances = instances;
    }

    public Integer getStoppedInstances() {
        return stoppedInstances;
    }

    public void setStoppedInstances(Integer stoppedInstances) {
        this.stoppedInstances = stoppedInstances;
    }
}
