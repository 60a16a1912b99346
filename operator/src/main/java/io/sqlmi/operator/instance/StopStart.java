package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import java.util.Objects;

/**
 * Where an instance stands in Azure's stop/start lifecycle (mi/instance-stop-start-how-to.md): only a Ready instance
 * stops and only a Stopped one starts, so {@code spec.stopped} is a request that proceeds from the state the instance
 * last published, and waits while it cannot. Pure: decided from the instance alone, so the engine's replicas (before
 * the apply) and the status (after it) follow the same phase.
 *
 * <pre>
 *   Ready    --stopped: true-->  Stopping --engine pods gone--> Stopped
 *   Stopped  --stopped: false--> Starting --replicas ready-->   Ready
 * </pre>
 *
 * @param phase     what the engine does in this reconcile
 * @param requested what spec.stopped asks for: true to be stopped
 */
public record StopStart(Phase phase, boolean requested) {

    public enum Phase {
        /** The usual lifecycle: Creating, Ready, Updating, Failed. The engine runs. */
        RUNNING,
        /** Stopping or Stopped: the engine has no replica. Stopped once its pods are gone. */
        STOPPED,
        /** Starting: the engine runs again on its kept volumes; Ready once its replicas are. */
        STARTING
    }

    /** The phase of this reconcile, from spec.stopped and the state the instance last published. */
    public static StopStart of(ManagedInstance mi) {
        boolean stop = InstanceSettings.stopped(mi.getSpec());
        InstanceState last = mi.getStatus() == null ? null : mi.getStatus().getState();
        Phase phase;
        if (last == InstanceState.Stopping) {
            phase = Phase.STOPPED; // a stop is not cancelled: a start waits until the pods are gone
        } else if (last == InstanceState.Stopped) {
            phase = stop ? Phase.STOPPED : Phase.STARTING;
        } else if (last == InstanceState.Starting) {
            phase = Phase.STARTING; // nor is a start: a stop waits until the instance is Ready
        } else if (last == InstanceState.Ready && stop) {
            phase = Phase.STOPPED;
        } else {
            phase = Phase.RUNNING;
        }
        return new StopStart(phase, stop);
    }

    /** Whether the engine StatefulSet has its replicas (otherwise 0, its volumes kept). */
    public boolean engineRuns() {
        return phase != Phase.STOPPED;
    }

    /** spec.stopped asks for what the instance cannot do yet: stop before it is Ready, start before it is Stopped. */
    public boolean waits() {
        return requested != (phase == Phase.STOPPED);
    }

    /**
     * The engine has no pod left: the StatefulSet (as the reconcile left it) is scaled to 0 and its controller has
     * seen that and counts no pod, terminating ones included; or it does not exist.
     */
    public static boolean engineGone(StatefulSet engine) {
        if (engine == null) {
            return true;
        }
        Integer replicas = engine.getSpec() == null ? null : engine.getSpec().getReplicas();
        if (replicas == null || replicas != 0 || engine.getStatus() == null) {
            return false;
        }
        Long observed = engine.getStatus().getObservedGeneration();
        Long generation = engine.getMetadata() == null ? null : engine.getMetadata().getGeneration();
        boolean seen = observed != null && (generation == null || observed >= generation);
        return seen && Objects.requireNonNullElse(engine.getStatus().getReplicas(), 0) == 0;
    }

    /**
     * A waiting request can proceed in the next reconcile: the instance just became Ready with a stop asked for, or
     * Stopped with a start asked for. Nothing else wakes the reconciler then (its own status patch does not).
     */
    public static boolean proceedsNext(ManagedInstance mi, ManagedInstanceStatus next) {
        boolean stop = InstanceSettings.stopped(mi.getSpec());
        return (stop && next.getState() == InstanceState.Ready) || (!stop && next.getState() == InstanceState.Stopped);
    }

    /**
     * Whether the instance holds no compute in its virtual cluster: once Stopped, its vCores leave the node plan and
     * its VM group (its addresses stay, so that it can always start again). Stopping still runs pods; Starting
     * needs its nodes back.
     */
    public static boolean releasesCompute(ManagedInstance mi) {
        return mi.getStatus() != null && mi.getStatus().getState() == InstanceState.Stopped;
    }
}
