package io.sqlmi.operator.crds.v1alpha1;

public enum InstanceState {
    Creating, Ready, Updating, Stopping, Stopped, Starting, Deleting, Failed
}
