package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sqlmi.operator.common.DesiredState;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** What the reconcilers share. */
final class Controllers {

    /** Field manager of every server-side apply: GitOps tools own spec fields, the operator owns these. */
    static final String FIELD_MANAGER = DesiredState.FIELD_MANAGER;

    /** The cause the API server gives when it refuses to create an object in a namespace being deleted. */
    static final String NAMESPACE_TERMINATING = "NamespaceTerminating";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Controllers() {
    }

    /**
     * While a namespace is being deleted, the garbage collector removes children and the API server refuses new
     * ones: nothing to restore and nothing to retry. Nor is there when the object itself is gone.
     */
    static boolean nothingToRetry(Exception e) {
        return namespaceTerminating(e) || goneMeanwhile(e);
    }

    /** What a reconciler does with a failed reconcile: JOSDK's retries, unless there is nothing to retry. */
    static <P extends HasMetadata> ErrorStatusUpdateControl<P> errorHandling(Exception e) {
        return nothingToRetry(e) ? ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry()
                : ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    /** Asks for the next reconcile no later than {@code wait} from now (keeping an earlier one already asked for). */
    static <P extends HasMetadata> UpdateControl<P> recheckNoLaterThan(UpdateControl<P> control, Optional<Duration> wait) {
        if (wait.isEmpty()) {
            return control;
        }
        long millis = wait.get().toMillis();
        Optional<Long> asked = control.getScheduleDelay();
        return asked.isPresent() && asked.get() <= millis ? control : control.rescheduleAfter(millis);
    }

    /** The custom resource was deleted while it was being reconciled: its status has nowhere to go. */
    static boolean goneMeanwhile(Exception e) {
        return anyClientError(e, k -> k.getCode() == 404 && k.getMessage() != null && k.getMessage().contains("/status"));
    }

    /**
     * The API server refused a write because the namespace is being deleted: its status details carry the cause
     * {@value #NAMESPACE_TERMINATING}. The refusal may be wrapped, or be one of several a workflow collected.
     */
    static boolean namespaceTerminating(Exception e) {
        return anyClientError(e, k -> {
            Status status = k.getStatus();
            return status != null && status.getDetails() != null && status.getDetails().getCauses() != null
                    && status.getDetails().getCauses().stream().anyMatch(c -> NAMESPACE_TERMINATING.equals(c.getReason()));
        });
    }

    /** Whether the exception, its causes, suppressed ones or (for a workflow's) aggregated ones hold a matching error. */
    private static boolean anyClientError(Throwable e, Predicate<KubernetesClientException> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(e);
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof KubernetesClientException k && test.test(k)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(java.util.List.of(t.getSuppressed()));
            if (t instanceof AggregatedOperatorException aggregated) {
                pending.addAll(aggregated.getAggregatedExceptions().values());
            }
        }
        return false;
    }

    /** An informer the reconciler registered, to look objects up by id or predicate. */
    @SuppressWarnings("unchecked")
    static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(Context<P> context,
                                                                                          Class<R> type, String name) {
        return (InformerEventSource<R, P>) context.eventSourceRetriever().getEventSourceFor(type, name);
    }

    /** Status objects are compared as JSON: equal JSON, no write. */
    static boolean sameStatus(Object previous, Object next) {
        if (previous == null || next == null) {
            return previous == next;
        }
        return Objects.equals(SERIALIZATION.asJson(previous), SERIALIZATION.asJson(next));
    }
}
