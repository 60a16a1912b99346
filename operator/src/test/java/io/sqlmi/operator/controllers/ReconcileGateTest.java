package io.sqlmi.operator.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcileGateTest {

    final RecordedEvents events = new RecordedEvents();
    final Set<String> terminatingNamespaces = new java.util.HashSet<>();
    final ReconcileGate gate = new ReconcileGate(events, new TerminatingNamespaces(null) {
        @Override
        public boolean contains(String namespace) {
            return terminatingNamespaces.contains(namespace);
        }
    });

    static ManagedInstance annotated(String policy) {
        ManagedInstance mi = Fixtures.managedInstance("mi1");
        Map<String, String> annotations = new HashMap<>();
        if (policy != null) {
            annotations.put("sqlmi.io/reconcile-policy", policy);
        }
        mi.getMetadata().setAnnotations(annotations);
        return mi;
    }

    @Test
    void aManagedOrDetachedObjectIsReconciled() {
        assertThat(gate.closedFor(annotated(null))).isFalse();
        assertThat(gate.closedFor(annotated("manage"))).isFalse();
        assertThat(gate.closedFor(annotated("detach-on-delete"))).isFalse();
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void skipLeavesTheObjectAlone() {
        assertThat(gate.closedFor(annotated("skip"))).isTrue();
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void inANamespaceBeingDeletedEveryObjectIsLeftAlone() {
        terminatingNamespaces.add(Fixtures.NAMESPACE);

        assertThat(gate.closedFor(annotated(null))).isTrue();
    }

    @Test
    void anUnknownPolicyIsManagedAndWarnedAboutOncePerObjectAndValue() {
        ManagedInstance mi = annotated("Skip");

        assertThat(gate.closedFor(mi)).as("unknown values manage").isFalse();
        assertThat(gate.closedFor(mi)).isFalse();
        mi.getMetadata().getAnnotations().put("sqlmi.io/reconcile-policy", "pause");
        gate.closedFor(mi);

        assertThat(events.recorded).containsExactly(
                "Warning mi1 UnknownReconcilePolicy: sqlmi.io/reconcile-policy is 'Skip', which is none of manage, skip,"
                        + " detach-on-delete; the object is managed. Fix the annotation.",
                "Warning mi1 UnknownReconcilePolicy: sqlmi.io/reconcile-policy is 'pause', which is none of manage, skip,"
                        + " detach-on-delete; the object is managed. Fix the annotation.");
    }
}
