package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The {@code sqlmi.io/reconcile-policy} annotation (api.md): manage (the default) reconciles; skip pauses the
 * operator for the object; detach-on-delete keeps reconciling but leaves the children behind when the object is
 * deleted, which is done by not giving them owner references while the annotation is set.
 */
public enum ReconcilePolicy {
    MANAGE("manage"), SKIP("skip"), DETACH_ON_DELETE("detach-on-delete");

    /** The annotation's key (api.md, "Conventions every kind follows"). */
    public static final String ANNOTATION = "sqlmi.io/reconcile-policy";

    private final String value;

    ReconcilePolicy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static ReconcilePolicy of(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        if (value == null) {
            return MANAGE;
        }
        for (ReconcilePolicy policy : values()) {
            if (policy.value.equals(value.trim())) {
                return policy;
            }
        }
        return MANAGE;
    }

    /** True for an annotation value that is none of manage, skip and detach-on-delete. */
    public static boolean isUnknown(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        return value != null && of(resource) == MANAGE && !MANAGE.value.equals(value.trim());
    }

    public boolean ownsChildren() {
        return this != DETACH_ON_DELETE;
    }
}
