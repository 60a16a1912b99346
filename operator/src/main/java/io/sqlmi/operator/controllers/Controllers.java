package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;

/** What the three reconcilers share. */
final class Controllers {

    /** Field manager of every server-side apply: GitOps tools own spec fields, the operator owns these. */
    static final String FIELD_MANAGER = io.sqlmi.operator.common.DesiredState.FIELD_MANAGER;

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Controllers() {
    }

    /**
     * While a namespace is being deleted, the garbage collector removes children and the API server refuses new
     * ones: nothing to restore and nothing to retry.
     */
    static boolean nothingToRetry(Exception e) {
        return namespaceTerminating(e) || goneMeanwhile(e);
    }

    /** The custom resource was deleted while it was being reconciled: its status has nowhere to go. */
    static boolean goneMeanwhile(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 404
                    && k.getMessage() != null && k.getMessage().contains("/status")) {
                return true;
            }
        }
        return false;
    }

    static boolean namespaceTerminating(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("because it is being terminated")) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed.getMessage() != null && suppressed.getMessage().contains("because it is being terminated")) {
                    return true;
                }
            }
        }
        return e.toString().contains("because it is being terminated");
    }

    /** An informer the reconciler registered, to look objects up by id or predicate. */
    @SuppressWarnings("unchecked")
    static <R extends io.fabric8.kubernetes.api.model.HasMetadata, P extends io.fabric8.kubernetes.api.model.HasMetadata>
            io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<R, P> informer(
            io.javaoperatorsdk.operator.api.reconciler.Context<P> context, Class<R> type, String name) {
        return (io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<R, P>)
                context.eventSourceRetriever().getEventSourceFor(type, name);
    }

    /** Status objects are compared as JSON: equal JSON, no write. */
    static boolean sameStatus(Object previous, Object next) {
        if (previous == null || next == null) {
            return previous == next;
        }
        return Objects.equals(SERIALIZATION.asJson(previous), SERIALIZATION.asJson(next));
    }
}
