package io.sqlmi.operator.crds.v1alpha1;

public enum VirtualClusterState {
    Creating, Ready, Resizing, Failed, Deleting
}
