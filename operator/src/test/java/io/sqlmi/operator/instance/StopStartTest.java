package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.instance.StopStart.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StopStartTest {

    /** An instance whose spec asks for {@code stopped} (null: absent) and whose status last said {@code state}. */
    static ManagedInstance instance(Boolean stopped, InstanceState state) {
        ManagedInstance mi = managedInstance("mi1");
        mi.getSpec().setStopped(stopped);
        if (state != null) {
            ManagedInstanceStatus status = new ManagedInstanceStatus();
            status.setState(state);
            mi.setStatus(status);
        }
        return mi;
    }

    static StatefulSet engine(int specReplicas, Integer statusReplicas, long generation, Long observed) {
        return new StatefulSetBuilder().withNewMetadata().withName("mi1").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(specReplicas).endSpec()
                .withNewStatus().withReplicas(statusReplicas).withObservedGeneration(observed).endStatus().build();
    }

    @ParameterizedTest(name = "last state {0}, spec.stopped {1}: {2}, engine runs {3}, waits {4}")
    @CsvSource(nullValues = "absent", value = {
            // The usual lifecycle, nothing asked.
            "absent,   absent, RUNNING,  true,  false",
            "Creating, false,  RUNNING,  true,  false",
            "Ready,    absent, RUNNING,  true,  false",
            "Updating, false,  RUNNING,  true,  false",
            "Failed,   false,  RUNNING,  true,  false",
            // Only a Ready instance stops: a stop asked earlier waits, the engine runs on.
            "absent,   true,   RUNNING,  true,  true",
            "Creating, true,   RUNNING,  true,  true",
            "Updating, true,   RUNNING,  true,  true",
            "Failed,   true,   RUNNING,  true,  true",
            "Ready,    true,   STOPPED,  false, false",
            // A stop is not cancelled: asked to run while Stopping, it waits for the pods to be gone.
            "Stopping, true,   STOPPED,  false, false",
            "Stopping, false,  STOPPED,  false, true",
            "Stopping, absent, STOPPED,  false, true",
            // Only a Stopped instance starts.
            "Stopped,  true,   STOPPED,  false, false",
            "Stopped,  false,  STARTING, true,  false",
            "Stopped,  absent, STARTING, true,  false",
            // Nor is a start: asked to stop while Starting, it waits until it is Ready.
            "Starting, false,  STARTING, true,  false",
            "Starting, true,   STARTING, true,  true",
    })
    void theRequestProceedsFromTheStateTheInstanceLastPublished(InstanceState last, Boolean stopped, Phase phase,
                                                                boolean engineRuns, boolean waits) {
        StopStart decision = StopStart.of(instance(stopped, last));

        assertThat(decision.phase()).isEqualTo(phase);
        assertThat(decision.engineRuns()).isEqualTo(engineRuns);
        assertThat(decision.waits()).isEqualTo(waits);
        assertThat(decision.requested()).isEqualTo(Boolean.TRUE.equals(stopped));
    }

    @Test
    void theEngineIsGoneOnlyOnceItsControllerHasSeenTheScaleDownAndCountsNoPod() {
        assertThat(StopStart.engineGone(null)).as("no StatefulSet, no pod").isTrue();
        assertThat(StopStart.engineGone(engine(0, 0, 3, 3L))).isTrue();
        assertThat(StopStart.engineGone(engine(0, null, 3, 3L))).as("status.replicas left out means 0").isTrue();
        assertThat(StopStart.engineGone(engine(0, 1, 3, 3L))).as("a pod still terminating").isFalse();
        assertThat(StopStart.engineGone(engine(0, 0, 3, 2L))).as("the controller has not seen the scale-down").isFalse();
        assertThat(StopStart.engineGone(engine(0, 0, 3, null))).as("nor ever reported").isFalse();
        assertThat(StopStart.engineGone(engine(1, 0, 3, 3L))).as("a StatefulSet that should run").isFalse();
        assertThat(StopStart.engineGone(new StatefulSetBuilder().withNewMetadata().withName("mi1").endMetadata()
                .withNewSpec().withReplicas(0).endSpec().build())).as("no status yet").isFalse();
    }

    @ParameterizedTest(name = "spec.stopped {0}, next state {1}: proceeds next {2}")
    @CsvSource(nullValues = "absent", value = {
            "true,   Ready,    true",
            "true,   Stopped,  false",
            "true,   Creating, false",
            "true,   Starting, false",
            "false,  Stopped,  true",
            "absent, Stopped,  true",
            "false,  Ready,    false",
            "false,  Stopping, false",
    })
    void aWaitingRequestIsTakenUpInTheNextReconcileOnceItsStateIsReached(Boolean stopped, InstanceState next,
                                                                          boolean proceeds) {
        ManagedInstanceStatus status = new ManagedInstanceStatus();
        status.setState(next);

        assertThat(StopStart.proceedsNext(instance(stopped, InstanceState.Creating), status)).isEqualTo(proceeds);
    }

    @Test
    void onlyAStoppedInstanceReleasesItsCompute() {
        assertThat(StopStart.releasesCompute(instance(true, InstanceState.Stopped))).isTrue();
        assertThat(StopStart.releasesCompute(instance(false, InstanceState.Stopped)))
                .as("asked to start, not started yet").isTrue();
        assertThat(StopStart.releasesCompute(instance(true, InstanceState.Stopping))).as("its pods still run").isFalse();
        assertThat(StopStart.releasesCompute(instance(false, InstanceState.Starting))).as("it needs its nodes back").isFalse();
        assertThat(StopStart.releasesCompute(instance(true, InstanceState.Creating))).isFalse();
        assertThat(StopStart.releasesCompute(instance(null, null))).isFalse();
    }

    @Test
    void theEngineHasItsTiersReplicasExceptWhileStoppingOrStopped() {
        assertThat(model(instance(null, InstanceState.Ready)).engineReplicas()).isEqualTo(1);
        assertThat(model(instance(true, InstanceState.Ready)).engineReplicas()).isZero();
        assertThat(model(instance(true, InstanceState.Stopped)).engineReplicas()).isZero();
        assertThat(model(instance(false, InstanceState.Stopped)).engineReplicas()).isEqualTo(1);
        assertThat(model(instance(true, InstanceState.Creating)).engineReplicas()).as("a stop that waits").isEqualTo(1);
    }

    static InstanceModel model(ManagedInstance mi) {
        return new InstanceModel(mi, "mi1.a1b2c3d4e5f6.database.windows.net", 11000, "mi1-admin", "password", "x", null);
    }
}
