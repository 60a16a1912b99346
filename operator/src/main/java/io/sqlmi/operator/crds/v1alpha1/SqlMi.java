package io.sqlmi.operator.crds.v1alpha1;

/** The API group and version of every kind, and the annotation keys of the public contract (api.md). */
public final class SqlMi {
    public static final String GROUP = "sqlmi.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** manage | skip | detach-on-delete (api.md, "Conventions every kind follows"). */
    public static final String RECONCILE_POLICY_ANNOTATION = "sqlmi.io/reconcile-policy";
    /** Namespaces inside a virtual network carry this label (api.md, "How Azure maps onto Kubernetes"). */
    public static final String VIRTUAL_NETWORK_LABEL = "sqlmi.io/virtual-network";

    private SqlMi() {
    }
}
