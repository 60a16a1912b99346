package io.sqlmi.operator.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointState;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.endpoint.EndpointStatusAggregator;
import io.sqlmi.operator.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPublisherTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    final RecordedEvents events = new RecordedEvents();
    final StatusPublisher publisher = new StatusPublisher(events);
    final Endpoint endpoint = Fixtures.endpoint("mi1-public", Fixtures.NAMESPACE, EndpointType.Public, "mi1", null);

    UpdateControl<Endpoint> publish(EndpointStatus next) {
        return publisher.publish(endpoint, next, Endpoint::new, EndpointStatus::getState, EndpointStatus::getConditions);
    }

    EndpointStatus missingInstance() {
        return new EndpointStatusAggregator(endpoint, CLOCK).instanceMissing(Fixtures.NAMESPACE, "mi1").build();
    }

    @Test
    void aNewStatusIsPatchedWithNameNamespaceAndStatusOnly() {
        EndpointStatus next = missingInstance();

        UpdateControl<Endpoint> control = publish(next);

        assertThat(control.isPatchStatus()).isTrue();
        Endpoint patch = control.getResource().orElseThrow();
        assertThat(patch.getMetadata().getName()).isEqualTo("mi1-public");
        assertThat(patch.getMetadata().getNamespace()).isEqualTo(Fixtures.NAMESPACE);
        assertThat(patch.getMetadata().getUid()).isNull();
        assertThat(patch.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(patch.getSpec()).isNull();
        assertThat(patch.getStatus()).isSameAs(next);
    }

    @Test
    void anUnchangedStatusIsNotWrittenNorAnnounced() {
        endpoint.setStatus(missingInstance());

        UpdateControl<Endpoint> control = publish(missingInstance());

        assertThat(control.isPatchStatus()).isFalse();
        assertThat(control.isNoUpdate()).isTrue();
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void aNewStateIsAnnouncedOnceWithTheReadyMessage() {
        EndpointStatus failed = new EndpointStatusAggregator(endpoint, CLOCK).invalid("InvalidEndpoint", "create it there.").build();
        endpoint.setStatus(failed);
        publish(missingInstance());
        endpoint.setStatus(missingInstance());
        EndpointStatus sameStateOtherMessage = new EndpointStatusAggregator(endpoint, CLOCK)
                .instanceMissing(Fixtures.NAMESPACE, "mi2").build();

        publish(sameStateOtherMessage);

        assertThat(events.recorded).containsExactly("Normal mi1-public Creating: ManagedInstance sqlmi-subnet-a/mi1 does not"
                + " exist: create it or point spec.managedInstance at an existing instance.");
    }

    @Test
    void theFirstStateIsNoNewsAndGetsNoEvent() {
        UpdateControl<Endpoint> control = publish(missingInstance());

        assertThat(control.isPatchStatus()).isTrue();
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void aFailedStateIsAWarningWithTheReason() {
        EndpointStatus failed = new EndpointStatusAggregator(endpoint, CLOCK).invalid("InvalidEndpoint", "create it there.").build();
        assertThat(failed.getState()).isEqualTo(EndpointState.Failed);

        publish(failed);

        assertThat(events.recorded).containsExactly("Warning mi1-public InvalidEndpoint: create it there.");
        assertThat(List.copyOf(events.recorded)).hasSize(1);
    }
}
