package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.sqlmi.operator.common.ReconcilePolicy;
import java.util.Optional;
import java.util.Set;

/**
 * A child created once and never touched again: generated passwords. Neither updated (that would change a password
 * someone relies on) nor deleted by the workflow; it goes with its owner through garbage collection.
 */
public abstract class CreateOnlyDependentResource<R extends HasMetadata, P extends HasMetadata>
        extends KubernetesDependentResource<R, P> implements Creator<R, P> {

    private final String ownerLabel;

    protected CreateOnlyDependentResource(Class<R> resourceType, String ownerLabel) {
        super(resourceType);
        this.ownerLabel = ownerLabel;
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, P primary) {
        if (ReconcilePolicy.of(primary).ownsChildren()) {
            desired.addOwnerReference(primary);
        }
    }

    @Override
    protected Optional<SecondaryToPrimaryMapper<R>> getSecondaryToPrimaryMapper(EventSourceContext<P> context) {
        return Optional.of(child -> {
            String owner = child.getMetadata().getLabels() == null ? null : child.getMetadata().getLabels().get(ownerLabel);
            return owner == null ? Set.of() : Set.of(new ResourceID(owner, child.getMetadata().getNamespace()));
        });
    }
}
