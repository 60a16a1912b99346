package io.sqlmi.operator.instance;

/** Where an instance's replicas run when its virtual cluster claims pool nodes: its VM group's nodes. */
public record Placement(String clusterId, String vmGroup) {
}
