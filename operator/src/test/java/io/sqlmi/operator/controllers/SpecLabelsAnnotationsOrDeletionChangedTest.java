package io.sqlmi.operator.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecLabelsAnnotationsOrDeletionChangedTest {

    final SpecLabelsAnnotationsOrDeletionChanged filter = new SpecLabelsAnnotationsOrDeletionChanged();
    final ManagedInstance before = Fixtures.managedInstance("mi1");

    ManagedInstance copy() {
        ManagedInstance copy = new ManagedInstance();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(before.getMetadata()).build());
        copy.setSpec(before.getSpec());
        return copy;
    }

    @Test
    void aStatusOnlyUpdateTriggersNothing() {
        ManagedInstance after = copy();
        after.getMetadata().setResourceVersion("42");
        after.setStatus(new ManagedInstanceStatus());

        assertThat(filter.accept(after, before)).isFalse();
    }

    @Test
    void aNewGenerationChangedAnnotationsOrLabelsTrigger() {
        ManagedInstance spec = copy();
        spec.getMetadata().setGeneration(2L);
        ManagedInstance annotated = copy();
        annotated.getMetadata().setAnnotations(Map.of("sqlmi.io/reconcile-policy", "skip"));
        ManagedInstance labelled = copy();
        labelled.getMetadata().setLabels(Map.of("team", "dba"));

        assertThat(filter.accept(spec, before)).isTrue();
        assertThat(filter.accept(annotated, before)).isTrue();
        assertThat(filter.accept(labelled, before)).isTrue();
    }

    @Test
    void aDeletionUnderWayTriggers() {
        ManagedInstance deleting = copy();
        deleting.getMetadata().setDeletionTimestamp("2025-03-01T10:00:00Z");

        assertThat(filter.accept(deleting, before)).isTrue();
    }

    @Test
    void poolNodesTriggerTheClaimReconcilerOnlyWhenTheirLabelsChange() {
        var claimChanged = new NodeClaimReconciler.ClaimChanged();
        var node = new NodeBuilder().withNewMetadata().withName("n1").addToLabels("sqlmi.io/pool", "true").endMetadata().build();
        var heartbeat = new NodeBuilder(node).editMetadata().withResourceVersion("9").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
        var claimed = new NodeBuilder(node).editMetadata().addToLabels("sqlmi.io/virtual-cluster", "ns.vc1").endMetadata().build();

        assertThat(claimChanged.accept(heartbeat, node)).isFalse();
        assertThat(claimChanged.accept(claimed, node)).isTrue();
    }
}
