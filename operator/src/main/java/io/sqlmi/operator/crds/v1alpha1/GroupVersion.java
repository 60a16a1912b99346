package io.sqlmi.operator.crds.v1alpha1;

/** The API group and version every kind of this package is served under (api.md). */
public final class GroupVersion {
    public static final String GROUP = "sqlmi.io";
    public static final String VERSION = "v1alpha1";

    private GroupVersion() {
    }
}
