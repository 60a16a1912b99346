package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.dns.DnsRecords;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps the DNS records (headless Services and EndpointSlices in the records namespace, {@link DnsRecords}) equal to
 * what every Endpoint's status and every engine Service's redirect host name ask for. Records live in one namespace, and an owner reference cannot cross
 * namespaces, so the records follow their Endpoints this way: every change of an Endpoint or of a record, deletions
 * included, reconciles the records namespace (the one primary of this controller), and each reconcile compares
 * all records with all Endpoints. Unchanged, it writes nothing.
 */
@ControllerConfiguration(name = "dnsrecords", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false)
public class DnsRecordsReconciler implements Reconciler<Namespace> {

    static final String ENDPOINTS = "dns-endpoints";
    static final String REPLICA_SERVICES = "dns-replica-services";
    static final String SERVICES = "dns-record-services";
    static final String SLICES = "dns-record-slices";
    private static final Logger LOG = Logger.getLogger(DnsRecordsReconciler.class);

    private final OperatorConfig config;

    public DnsRecordsReconciler(OperatorConfig config) {
        this.config = config;
    }

    @Override
    public List<EventSource<?, Namespace>> prepareEventSources(EventSourceContext<Namespace> context) {
        if (!config.dns().records()) {
            return List.of(); // no records, and perhaps no rights in the records namespace
        }
        String namespace = config.dns().recordsNamespace();
        Set<ResourceID> anchor = Set.of(new ResourceID(namespace));
        var endpoints = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Endpoint.class, Namespace.class).withName(ENDPOINTS)
                .withSecondaryToPrimaryMapper(endpoint -> anchor).build(), context);
        var services = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Service.class, Namespace.class).withName(SERVICES).withNamespaces(Set.of(namespace))
                .withLabelSelector(DnsRecords.SELECTOR).withSecondaryToPrimaryMapper(record -> anchor).build(), context);
        var slices = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(EndpointSlice.class, Namespace.class).withName(SLICES).withNamespaces(Set.of(namespace))
                .withLabelSelector(DnsRecords.SELECTOR).withSecondaryToPrimaryMapper(record -> anchor).build(), context);
        var replicas = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(Service.class, Namespace.class).withName(REPLICA_SERVICES)
                .withLabelSelector(DnsRecords.REPLICA_SERVICES_SELECTOR).withSecondaryToPrimaryMapper(service -> anchor)
                .build(), context);
        return List.of(endpoints, replicas, services, slices);
    }

    @Override
    public UpdateControl<Namespace> reconcile(Namespace namespace, Context<Namespace> context) {
        String records = config.dns().recordsNamespace();
        if (!config.dns().records() || !records.equals(namespace.getMetadata().getName())
                || namespace.getMetadata().getDeletionTimestamp() != null) {
            return UpdateControl.noUpdate();
        }
        List<Endpoint> endpoints = Controllers.informer(context, Endpoint.class, ENDPOINTS).list().toList();
        List<Service> replicas = Controllers.informer(context, Service.class, REPLICA_SERVICES).list().toList();
        List<DnsRecords.DnsRecord> desired = DnsRecords.desired(endpoints, replicas, config.dnsSuffix());
        DnsRecords.Changes changes = DnsRecords.changes(records, desired,
                Controllers.informer(context, Service.class, SERVICES).list(records).toList(),
                Controllers.informer(context, EndpointSlice.class, SLICES).list(records).toList());
        if (changes.isEmpty()) {
            return UpdateControl.noUpdate();
        }
        KubernetesClient client = context.getClient();
        changes.servicesToApply().forEach(service -> apply(client, service));
        changes.slicesToApply().forEach(slice -> {
            LOG.infof("DNS record %s -> %s", slice.getMetadata().getAnnotations().get(DnsRecords.HOST_ANNOTATION),
                    slice.getEndpoints().get(0).getAddresses().get(0));
            apply(client, slice);
        });
        changes.slicesToDelete().forEach(name -> {
            LOG.infof("DNS record %s/%s removed: no endpoint asks for it", records, name);
            client.discovery().v1().endpointSlices().inNamespace(records).withName(name).delete();
        });
        changes.servicesToDelete().forEach(name -> client.services().inNamespace(records).withName(name).delete());
        return UpdateControl.noUpdate();
    }

    private static void apply(KubernetesClient client, HasMetadata object) {
        client.resource(object).fieldManager(Controllers.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    @Override
    public ErrorStatusUpdateControl<Namespace> updateErrorStatus(Namespace resource, Context<Namespace> context, Exception e) {
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
}
