package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericResourceUpdater;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.sqlmi.operator.common.DesiredState;
import io.sqlmi.operator.common.Owners;
import io.sqlmi.operator.common.ReconcilePolicy;
import java.util.Optional;
import java.util.Set;

/**
 * What every child the operator owns has in common: server-side apply under the operator's field manager, the
 * SDK's comparison of the fields that apply owns ({@link DesiredState}), owner references unless the parent is
 * annotated detach-on-delete, and event mapping by the owner label, which works with or without owner references.
 */
public abstract class SqlMiDependentResource<R extends HasMetadata, P extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, P> {

    private static final Logger LOG = Logger.getLogger(SqlMiDependentResource.class);

    private final String ownerLabel;

    protected SqlMiDependentResource(Class<R> resourceType, String ownerLabel) {
        super(resourceType);
        this.ownerLabel = ownerLabel;
    }

    /**
     * Name of the child for a primary. JOSDK's default finds the child by building the desired object, which
     * recurses when {@code desired()} itself looks at the existing child (as the StatefulSet and the generated
     * Secrets do).
     */
    protected String childName(P primary) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is a bulk dependent");
    }

    @Override
    protected ResourceID targetSecondaryResourceID(P primary, Context<P> context) {
        return new ResourceID(childName(primary), primary.getMetadata().getNamespace());
    }

    /**
     * The child from this dependent's own informer. JOSDK's default merges every event source of the type in the
     * controller, and a lookup informer of the same kind (the instance's endpoints, the gateway's EndpointSlices)
     * keeps no managedFields: the matcher would take the child for one the operator never applied.
     */
    @Override
    public Optional<R> getSecondaryResource(P primary, Context<P> context) {
        if (this instanceof io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource<?, ?>) {
            return super.getSecondaryResource(primary, context);
        }
        return eventSource().flatMap(source -> source.get(targetSecondaryResourceID(primary, context)));
    }

    /** The child as it exists in the informer's cache. */
    protected Optional<R> existing(P primary) {
        return eventSource().flatMap(source -> source.get(new ResourceID(childName(primary), primary.getMetadata().getNamespace())));
    }

    /** Secrets and ConfigMaps too: JOSDK would replace them with PUT, which cannot drop an owner reference. */
    @Override
    protected boolean useSSA(Context<P> context) {
        return true;
    }

    /** What JOSDK's own match does (keep its bookkeeping annotation, add the owner reference), with {@link DesiredState}. */
    @Override
    public Matcher.Result<R> match(R actual, R desired, P primary, Context<P> context) {
        addMetadata(true, actual, desired, primary, context);
        return Matcher.Result.computed(DesiredState.<R>matcher().matches(actual, desired, context), desired);
    }

    /**
     * Server-side apply merges list items by key. When someone changed a key (a Service port, say), the merge keeps
     * their item beside ours and the result is invalid; then the object is replaced with the desired state.
     */
    @Override
    public R update(R actual, R desired, P primary, Context<P> context) {
        if (mustRecreate(actual, desired)) {
            LOG.infof("%s %s/%s: a field that cannot change differs; deleting it to create it as desired",
                    actual.getKind(), actual.getMetadata().getNamespace(), actual.getMetadata().getName());
            context.getClient().resource(actual).withTimeout(30, java.util.concurrent.TimeUnit.SECONDS).delete();
            return create(desired, primary, context);
        }
        try {
            return super.update(actual, desired, primary, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 422) {
                throw e;
            }
            LOG.infof("%s %s/%s: server-side apply refused (%s); replacing it with the desired state",
                    actual.getKind(), actual.getMetadata().getNamespace(), actual.getMetadata().getName(),
                    e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
            R replacement = GenericResourceUpdater.updateResource(actual, desired, context);
            addReferenceHandlingMetadata(replacement, primary);
            // The cache keeps only the operator's entries; sent back, they would replace everyone else's.
            replacement.getMetadata().setManagedFields(null);
            return context.getClient().resource(replacement).update();
        }
    }

    /** Whether the existing child must be deleted and created again, because the API server forbids the change. */
    protected boolean mustRecreate(R actual, R desired) {
        return false;
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, P primary) {
        if (ReconcilePolicy.of(primary).ownsChildren()
                && primary.getMetadata().getNamespace().equals(desired.getMetadata().getNamespace())) {
            Owners.setController(desired, primary);
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
