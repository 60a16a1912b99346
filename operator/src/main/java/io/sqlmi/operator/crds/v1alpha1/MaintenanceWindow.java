package io.sqlmi.operator.crds.v1alpha1;

public enum MaintenanceWindow {
    SystemDefault, Weekday, Weekend
}
