package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every child object carries (api.md, "Conventions every kind follows"). */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String OPERATOR = "sqlmi-operator";

    /** Which custom resource a child belongs to, for event mapping that survives detach-on-delete. */
    public static final String VIRTUAL_CLUSTER = "sqlmi.io/virtual-cluster";
    public static final String MANAGED_INSTANCE = "sqlmi.io/managed-instance";
    public static final String ENDPOINT = "sqlmi.io/endpoint";

    /** Selector of every object the operator manages; informers watch only these. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private Labels() {
    }

    /** Labels of a child of {@code owner} playing {@code component}. */
    public static Map<String, String> forChild(HasMetadata owner, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, appName(owner));
        labels.put(INSTANCE, owner.getMetadata().getName());
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY, OPERATOR);
        labels.put(PART_OF, "sqlmi");
        labels.put(ownerLabel(owner), owner.getMetadata().getName());
        return labels;
    }

    /** The selector that picks the pods of a workload; a subset of {@link #forChild} that never changes. */
    public static Map<String, String> selector(HasMetadata owner, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, appName(owner));
        labels.put(INSTANCE, owner.getMetadata().getName());
        labels.put(COMPONENT, component);
        return labels;
    }

    private static String appName(HasMetadata owner) {
        return switch (owner.getKind()) {
            case "VirtualCluster" -> "virtual-cluster";
            case "ManagedInstance" -> "managed-instance";
            case "Endpoint" -> "endpoint";
            default -> owner.getKind().toLowerCase();
        };
    }

    private static String ownerLabel(HasMetadata owner) {
        return switch (owner.getKind()) {
            case "VirtualCluster" -> VIRTUAL_CLUSTER;
            case "ManagedInstance" -> MANAGED_INSTANCE;
            case "Endpoint" -> ENDPOINT;
            default -> "sqlmi.io/" + owner.getKind().toLowerCase();
        };
    }
}
