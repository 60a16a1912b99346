package io.sqlmi.operator.crds.v1alpha1;

public enum EndpointState {
    Creating, Ready, Failed, Pending, Approved, Rejected, Disconnected
}
