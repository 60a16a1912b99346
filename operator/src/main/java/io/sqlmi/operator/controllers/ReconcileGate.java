package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sqlmi.operator.common.ReconcilePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Whether a reconcile goes ahead: not for an object annotated sqlmi.io/reconcile-policy: skip, nor in a namespace
 * being deleted. An annotation value that is none of the known ones is warned about once per object and value (log
 * line and Event), and the object is managed.
 */
@ApplicationScoped
public class ReconcileGate {

    private static final Logger LOG = Logger.getLogger(ReconcileGate.class);

    private final EventRecorder events;
    private final TerminatingNamespaces terminating;
    private final Set<String> warnedPolicies = ConcurrentHashMap.newKeySet();

    public ReconcileGate(EventRecorder events, TerminatingNamespaces terminating) {
        this.events = events;
        this.terminating = terminating;
    }

    /** True when the reconciler must leave the object alone: no child written, no status. */
    public boolean closedFor(HasMetadata resource) {
        if (ReconcilePolicy.isUnknown(resource)) {
            String value = resource.getMetadata().getAnnotations().get(ReconcilePolicy.ANNOTATION);
            if (warnedPolicies.add(resource.getMetadata().getUid() + "/" + value)) {
                String note = ReconcilePolicy.ANNOTATION + " is '" + value
                        + "', which is none of manage, skip, detach-on-delete; the object is managed. Fix the annotation.";
                LOG.warnf("%s %s/%s: %s", resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(), note);
                events.warning(resource, "UnknownReconcilePolicy", note);
            }
        }
        return ReconcilePolicy.of(resource) == ReconcilePolicy.SKIP || terminating.contains(resource.getMetadata().getNamespace());
    }
}
