package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.sqlmi.operator.common.DesiredState;
import io.sqlmi.operator.common.ReconcilePolicy;
import java.util.Optional;
import java.util.Set;

/**
 * What every child the operator owns has in common: server-side apply under the operator's field manager, a
 * comparison that ignores what the API server adds ({@link DesiredState}), owner references unless the parent is
 * annotated detach-on-delete, and event mapping by the owner label, which works with or without owner references.
 */
public abstract class SqlMiDependentResource<R extends HasMetadata, P extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, P> {

    private final String ownerLabel;

    protected SqlMiDependentResource(Class<R> resourceType, String ownerLabel) {
        super(resourceType);
        this.ownerLabel = ownerLabel;
    }

    @Override
    public Matcher.Result<R> match(R actual, R desired, P primary, Context<P> context) {
        addReferenceHandlingMetadata(desired, primary);
        return Matcher.Result.computed(DesiredState.isSatisfiedBy(desired, actual, primary.getMetadata().getUid()), desired);
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, P primary) {
        if (ReconcilePolicy.of(primary).ownsChildren()
                && primary.getMetadata().getNamespace().equals(desired.getMetadata().getNamespace())) {
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
