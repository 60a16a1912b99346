package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.sqlmi.operator.common.ReconcilePolicy;
import io.sqlmi.operator.crds.v1alpha1.SqlMi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every reconciler begins and ends: whether to leave the object alone, and writing its status only when it
 * changed, with a log line and an Event when its state changes.
 */
@ApplicationScoped
public class StatusWriter {

    private static final Logger LOG = Logger.getLogger(StatusWriter.class);
    private static final Set<String> FAILED_STATES = Set.of("Failed", "Rejected");

    private final EventRecorder events;
    private final TerminatingNamespaces terminating;
    private final Set<String> warnedPolicies = ConcurrentHashMap.newKeySet();

    public StatusWriter(EventRecorder events, TerminatingNamespaces terminating) {
        this.events = events;
        this.terminating = terminating;
    }

    /** Paused by sqlmi.io/reconcile-policy: skip, or in a namespace being deleted. */
    public boolean leaveAlone(HasMetadata resource) {
        if (ReconcilePolicy.isUnknown(resource)) {
            String value = resource.getMetadata().getAnnotations().get(SqlMi.RECONCILE_POLICY_ANNOTATION);
            if (warnedPolicies.add(resource.getMetadata().getUid() + "/" + value)) {
                String note = SqlMi.RECONCILE_POLICY_ANNOTATION + " is '" + value
                        + "', which is none of manage, skip, detach-on-delete; the object is managed. Fix the annotation.";
                LOG.warnf("%s %s/%s: %s", resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(), note);
                events.warning(resource, "UnknownReconcilePolicy", note);
            }
        }
        return ReconcilePolicy.of(resource) == ReconcilePolicy.SKIP || terminating.contains(resource.getMetadata().getNamespace());
    }

    /**
     * Patches status when it differs from what the object has (equal JSON, no write). The patch carries name,
     * namespace and status only: a whole object would make the status apply co-own metadata such as owner
     * references, which the spec apply then could not remove.
     */
    public <T extends CustomResource<?, S>, S> UpdateControl<T> write(T resource, S next, Supplier<T> factory,
                                                                      Function<S, ? extends Enum<?>> state,
                                                                      Function<S, List<Condition>> conditions) {
        S previous = resource.getStatus();
        if (Controllers.sameStatus(previous, next)) {
            return UpdateControl.noUpdate();
        }
        Enum<?> nextState = state.apply(next);
        if (previous == null || !Objects.equals(state.apply(previous), nextState)) {
            LOG.infof("%s %s/%s is %s", resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(), nextState);
            Condition ready = conditions.apply(next).get(0);
            if (!"True".equals(ready.getStatus()) && FAILED_STATES.contains(nextState.name())) {
                events.warning(resource, ready.getReason(), ready.getMessage());
            } else {
                events.normal(resource, nextState.name(), ready.getMessage());
            }
        }
        T patch = factory.get();
        patch.getMetadata().setName(resource.getMetadata().getName());
        patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
        patch.setStatus(next);
        return UpdateControl.patchStatus(patch);
    }
}
