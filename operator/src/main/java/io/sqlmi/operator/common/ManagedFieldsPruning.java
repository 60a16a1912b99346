package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.List;

/**
 * What an informer cache keeps of metadata.managedFields. The field sets of every manager (the kubelet, the
 * controller manager, the scheduler, kwok) take more memory than most of an object's spec, and the operator reads
 * only its own: {@link DesiredState} compares a child with the fields the operator's last apply owns. Objects the
 * operator never applies keep none. Pure: it changes the object it is given (the informer's own copy).
 */
public final class ManagedFieldsPruning {

    private ManagedFieldsPruning() {
    }

    /** Drops every managedFields entry: for objects the operator reads but never applies. */
    public static <R extends HasMetadata> R withoutManagedFields(R object) {
        if (object != null && object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return object;
    }

    /** Keeps the entries of the operator's field manager only: for the children {@link DesiredState} compares. */
    public static <R extends HasMetadata> R withOwnManagedFieldsOnly(R object) {
        if (object == null || object.getMetadata() == null || object.getMetadata().getManagedFields() == null) {
            return object;
        }
        List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
        if (entries.stream().anyMatch(e -> !DesiredState.FIELD_MANAGER.equals(e.getManager()))) {
            object.getMetadata().setManagedFields(entries.stream()
                    .filter(e -> DesiredState.FIELD_MANAGER.equals(e.getManager())).toList());
        }
        return object;
    }
}
