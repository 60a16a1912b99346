package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;

/** What the three reconcilers share. */
final class Controllers {

    /** Field manager of every server-side apply: GitOps tools own spec fields, the operator owns these. */
    static final String FIELD_MANAGER = "sqlmi-operator";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Controllers() {
    }

    /** Status objects are compared as JSON: equal JSON, no write. */
    static boolean sameStatus(Object previous, Object next) {
        if (previous == null || next == null) {
            return previous == next;
        }
        return Objects.equals(SERIALIZATION.asJson(previous), SERIALIZATION.asJson(next));
    }
}
