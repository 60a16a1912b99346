package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which namespaces are being deleted. While one is, the garbage collector removes the children the operator made
 * there, and putting them back would only be refused: the reconcilers leave such namespaces alone.
 */
@ApplicationScoped
public class TerminatingNamespaces {

    private final KubernetesClient client;
    private final AtomicReference<SharedIndexInformer<Namespace>> informer = new AtomicReference<>();

    public TerminatingNamespaces(KubernetesClient client) {
        this.client = client;
    }

    public boolean contains(String namespace) {
        Namespace current = informer().getStore().getByKey(namespace);
        return current != null && (current.getMetadata().getDeletionTimestamp() != null
                || (current.getStatus() != null && "Terminating".equals(current.getStatus().getPhase())));
    }

    private SharedIndexInformer<Namespace> informer() {
        SharedIndexInformer<Namespace> current = informer.get();
        if (current == null) {
            synchronized (this) {
                current = informer.get();
                if (current == null) {
                    current = client.namespaces().inform();
                    informer.set(current);
                }
            }
        }
        return current;
    }

    void stop(@Observes ShutdownEvent event) {
        SharedIndexInformer<Namespace> current = informer.get();
        if (current != null) {
            current.stop();
        }
    }
}
