package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every reconcile ends: the new status is patched only when it differs from the object's (equal JSON, no
 * write), and a changed state is announced with a log line and an Event: a Warning when the object failed, Normal
 * otherwise. An object's first state is not a change: it gets no Normal Event (its creation and its status say as
 * much, and an Event for every object's first step would be a write for every object), but a first state that is a
 * failure still gets its Warning.
 */
@ApplicationScoped
public class StatusPublisher {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);
    private static final Set<String> FAILED_STATES = Set.of("Failed", "Rejected");

    private final EventRecorder events;

    public StatusPublisher(EventRecorder events) {
        this.events = events;
    }

    /**
     * The patch carries name, namespace and status only: a whole object would make the status apply co-own metadata
     * such as owner references, which the spec apply then could not remove.
     *
     * @param factory    a new, empty object of the kind, for the patch
     * @param state      the state field of a status
     * @param conditions the conditions of a status, Ready first
     */
    public <T extends CustomResource<?, S>, S> UpdateControl<T> publish(T resource, S next, Supplier<T> factory,
                                                                        Function<S, ? extends Enum<?>> state,
                                                                        Function<S, List<Condition>> conditions) {
        S previous = resource.getStatus();
        if (Controllers.sameStatus(previous, next)) {
            return UpdateControl.noUpdate();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s %s/%s status changes at %s", resource.getKind(), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), Controllers.firstDifference(previous, next));
        }
        Enum<?> nextState = state.apply(next);
        Enum<?> previousState = previous == null ? null : state.apply(previous);
        if (!Objects.equals(previousState, nextState)) {
            LOG.infof("%s %s/%s is %s", resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(), nextState);
            Condition ready = conditions.apply(next).get(0);
            boolean failed = !"True".equals(ready.getStatus()) && FAILED_STATES.contains(nextState.name());
            if (failed) {
                events.warning(resource, ready.getReason(), ready.getMessage());
            } else if (previousState != null) {
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
