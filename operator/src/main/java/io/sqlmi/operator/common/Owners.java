package io.sqlmi.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Owner references that make the custom resource the controller of its children (and their garbage collector). */
public final class Owners {

    private Owners() {
    }

    public static void setController(HasMetadata child, HasMetadata owner) {
        List<OwnerReference> references = child.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(child.getMetadata().getOwnerReferences());
        if (references.stream().anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()))) {
            return;
        }
        references.add(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .build());
        child.getMetadata().setOwnerReferences(references);
    }

    /**
     * Whether the child has an owner of the given kind that is no longer there: {@code liveOwner} (the object of that
     * kind the child names, from a cache) is absent, being deleted, or another object under the same name. The
     * garbage collector removes such a child, or drops the stale reference.
     */
    public static boolean outlivedItsOwner(HasMetadata child, Class<? extends HasMetadata> ownerKind, HasMetadata liveOwner) {
        List<OwnerReference> references = child.getMetadata().getOwnerReferences();
        return references != null && references.stream()
                .filter(reference -> HasMetadata.getKind(ownerKind).equals(reference.getKind()))
                .anyMatch(reference -> liveOwner == null || liveOwner.getMetadata().getDeletionTimestamp() != null
                        || !reference.getUid().equals(liveOwner.getMetadata().getUid()));
    }
}
