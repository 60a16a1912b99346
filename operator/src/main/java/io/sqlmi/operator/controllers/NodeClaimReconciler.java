package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sqlmi.operator.capacity.NodePool;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Gives pool nodes back when the virtual cluster holding them is gone. A namespaced VirtualCluster cannot own a
 * Node, and a finalizer on every VirtualCluster for this alone would be heavier than a controller that notices.
 */
@ControllerConfiguration(name = "nodeclaim", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(labelSelector = NodePool.POOL_LABEL + "=true", onUpdateFilter = NodeClaimReconciler.ClaimChanged.class,
                itemStore = LeanItemStores.WithoutManagedFields.class))
public class NodeClaimReconciler implements Reconciler<Node> {

    static final String CLUSTERS = "claiming-clusters";
    private static final Logger LOG = Logger.getLogger(NodeClaimReconciler.class);

    @Override
    public List<EventSource<?, Node>> prepareEventSources(EventSourceContext<Node> context) {
        var clusters = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(VirtualCluster.class, Node.class).withName(CLUSTERS)
                .withSecondaryToPrimaryMapper(vc -> context.getPrimaryCache()
                        .list(node -> NodePool.clusterId(vc).equals(NodePool.claimedBy(node)))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withItemStore(new LeanItemStores.WithoutManagedFields<>())
                .build(), context);
        return List.of(clusters);
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<Node> reconcile(Node node, Context<Node> context) {
        String claimedBy = NodePool.claimedBy(node);
        if (claimedBy == null) {
            return UpdateControl.noUpdate();
        }
        var clusters = (InformerEventSource<VirtualCluster, Node>) context.eventSourceRetriever()
                .getEventSourceFor(VirtualCluster.class, CLUSTERS);
        boolean held = clusters.list(vc -> claimedBy.equals(NodePool.clusterId(vc))
                && vc.getMetadata().getDeletionTimestamp() == null).findAny().isPresent();
        if (!held) {
            LOG.infof("releasing node %s: its virtual cluster %s is gone", node.getMetadata().getName(),
                    Objects.requireNonNullElse(node.getMetadata().getAnnotations().get(NodePool.CLAIMANT_ANNOTATION), claimedBy));
            context.getClient().resource(NodePool.released(node)).update();
        }
        return UpdateControl.noUpdate();
    }

    /** Heartbeats and status changes of nodes are frequent and say nothing about claims. */
    public static class ClaimChanged implements OnUpdateFilter<Node> {
        @Override
        public boolean accept(Node next, Node previous) {
            return !Objects.equals(next.getMetadata().getLabels(), previous.getMetadata().getLabels());
        }
    }

}
