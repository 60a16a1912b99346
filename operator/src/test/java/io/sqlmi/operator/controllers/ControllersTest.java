package io.sqlmi.operator.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllersTest {

    /** What the API server answers to a create in a namespace being deleted (admission plugin NamespaceLifecycle). */
    static KubernetesClientException refusedInTerminatingNamespace() {
        Status status = new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("services \"mi1-primary\" is forbidden: unable to create new content in namespace ns1 because"
                        + " it is being terminated")
                .withNewDetails().withName("mi1-primary").withKind("services")
                .addNewCause().withReason("NamespaceTerminating").withMessage("namespace ns1 is being terminated")
                .withField("metadata.namespace").endCause().endDetails().build();
        return new KubernetesClientException(status);
    }

    @Test
    void aCertificateRenewalAsksForTheNextReconcileUnlessAnEarlierOneIsAlreadyAskedFor() {
        UpdateControl<ConfigMap> soon = UpdateControl.<ConfigMap>noUpdate().rescheduleAfter(Duration.ofSeconds(2));

        assertThat(Controllers.recheckNoLaterThan(UpdateControl.<ConfigMap>noUpdate(), Optional.of(Duration.ofDays(60)))
                .getScheduleDelay())
                .hasValue(Duration.ofDays(60).toMillis());
        assertThat(Controllers.recheckNoLaterThan(soon, Optional.of(Duration.ofDays(60))).getScheduleDelay())
                .as("the earlier recheck stays").hasValue(2000L);
        assertThat(Controllers.recheckNoLaterThan(UpdateControl.<ConfigMap>noUpdate().rescheduleAfter(Duration.ofDays(90)),
                Optional.of(Duration.ofSeconds(5))).getScheduleDelay()).hasValue(5000L);
        assertThat(Controllers.recheckNoLaterThan(UpdateControl.<ConfigMap>noUpdate(), Optional.empty()).getScheduleDelay())
                .isEmpty();
    }

    @Test
    void aRefusalWithTheNamespaceTerminatingCauseIsNotRetried() {
        assertThat(Controllers.namespaceTerminating(refusedInTerminatingNamespace())).isTrue();
        assertThat(Controllers.nothingToRetry(refusedInTerminatingNamespace())).isTrue();
    }

    @Test
    void theCauseIsFoundWhereverTheWorkflowWrappedIt() {
        var wrapped = new IllegalStateException("reconcile failed", refusedInTerminatingNamespace());
        var suppressed = new RuntimeException("several");
        suppressed.addSuppressed(refusedInTerminatingNamespace());
        var aggregated = new AggregatedOperatorException("Exception(s) during workflow execution.",
                Map.of("engine-primary", new RuntimeException(refusedInTerminatingNamespace())));

        assertThat(Controllers.nothingToRetry(wrapped)).isTrue();
        assertThat(Controllers.nothingToRetry(suppressed)).isTrue();
        assertThat(Controllers.nothingToRetry(aggregated)).isTrue();
    }

    @Test
    void theErrorTextAloneIsNotTheCause() {
        var textOnly = new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("unable to create new content in namespace ns1 because it is being terminated").build());
        var otherCause = new KubernetesClientException(new StatusBuilder().withCode(422).withReason("Invalid")
                .withNewDetails().addNewCause().withReason("FieldValueInvalid").withField("spec.ports").endCause().endDetails()
                .build());

        assertThat(Controllers.nothingToRetry(textOnly)).isFalse();
        assertThat(Controllers.nothingToRetry(otherCause)).isFalse();
        assertThat(Controllers.nothingToRetry(new RuntimeException("because it is being terminated"))).isFalse();
    }

    @Test
    void aStatusPatchOfAnObjectDeletedMeanwhileIsNotRetried() {
        var gone = new KubernetesClientException("Failure executing: PATCH at: https://127.0.0.1/apis/sqlmi.io/v1alpha1/"
                + "namespaces/ns1/managedinstances/mi1/status. Message: Not Found.", 404, null);
        var otherNotFound = new KubernetesClientException("Failure executing: GET at: https://127.0.0.1/api/v1/"
                + "namespaces/ns1/secrets/pw. Message: Not Found.", 404, null);

        assertThat(Controllers.nothingToRetry(new RuntimeException(gone))).isTrue();
        assertThat(Controllers.nothingToRetry(otherNotFound)).isFalse();
    }

    @Test
    void aReconcileWithNothingToRetryEndsThereAndOthersAreRetried() {
        var terminating = Controllers.<io.sqlmi.operator.crds.v1alpha1.ManagedInstance>errorHandling(refusedInTerminatingNamespace());
        var other = Controllers.<io.sqlmi.operator.crds.v1alpha1.ManagedInstance>errorHandling(new RuntimeException("boom"));

        assertThat(terminating.isNoRetry()).isTrue();
        assertThat(terminating.isDefaultErrorProcessing()).isFalse();
        assertThat(terminating.getResource()).isEmpty();
        assertThat(other.isNoRetry()).isFalse();
        assertThat(other.isDefaultErrorProcessing()).isTrue();
    }

    @Test
    void statusesCompareAsJson() {
        var a = new io.sqlmi.operator.crds.v1alpha1.EndpointStatus();
        a.setHost("h");
        var b = new io.sqlmi.operator.crds.v1alpha1.EndpointStatus();
        b.setHost("h");

        assertThat(Controllers.sameStatus(a, b)).isTrue();
        b.setPort(1433);
        assertThat(Controllers.sameStatus(a, b)).isFalse();
        assertThat(Controllers.sameStatus(null, b)).isFalse();
        assertThat(Controllers.sameStatus(null, null)).isTrue();
    }
}
