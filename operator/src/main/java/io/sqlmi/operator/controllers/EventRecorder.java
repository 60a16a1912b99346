package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes Events on state changes, so that {@code kubectl describe} tells the story of an object. */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final KubernetesClient client;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    public void normal(HasMetadata regarding, String reason, String note) {
        record(regarding, "Normal", reason, note);
    }

    public void warning(HasMetadata regarding, String reason, String note) {
        record(regarding, "Warning", reason, note);
    }

    private void record(HasMetadata regarding, String type, String reason, String note) {
        try {
            client.events().v1().events().inNamespace(regarding.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(regarding.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(regarding.getMetadata().getNamespace()).endMetadata()
                    .withEventTime(new MicroTime(OffsetDateTime.now(ZoneOffset.UTC).format(MICRO)))
                    .withReportingController("sqlmi.io/sqlmi-operator")
                    .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", "sqlmi-operator"))
                    .withAction("Reconcile").withType(type).withReason(reason)
                    .withNote(note.length() > 1000 ? note.substring(0, 1000) : note)
                    .withRegarding(new ObjectReferenceBuilder().withApiVersion(regarding.getApiVersion())
                            .withKind(regarding.getKind()).withName(regarding.getMetadata().getName())
                            .withNamespace(regarding.getMetadata().getNamespace()).withUid(regarding.getMetadata().getUid())
                            .withResourceVersion(regarding.getMetadata().getResourceVersion()).build())
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("could not record event %s on %s/%s: %s", reason, regarding.getMetadata().getNamespace(),
                    regarding.getMetadata().getName(), e.getMessage());
        }
    }
}
