package io.sqlmi.operator.crds.v1alpha1;

public enum ConnectionType {
    Redirect, Proxy
}
