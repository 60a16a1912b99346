package io.sqlmi.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.sqlmi.operator.config.OperatorConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * One active operator at a time; the others wait on the lease (active in the prod profile). A replica that loses
 * the lease stops at once, so that two never reconcile side by side. JOSDK would call System.exit from inside the
 * JVM's shutdown hook when the lease is released at shutdown, which deadlocks; so the exit is ours, and skipped
 * while shutting down.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private volatile boolean shuttingDown;

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown = true;
    }

    @Produces
    @ApplicationScoped
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaderElection().leaseName())
                .withLeaseNamespace(config.leaderElection().namespace())
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> LOG.infof("leading: lease %s/%s", config.leaderElection().namespace(), config.leaderElection().leaseName()),
                        this::stoppedLeading,
                        leader -> LOG.debugf("leader is %s", leader)))
                .build();
    }

    private void stoppedLeading() {
        if (!shuttingDown) {
            LOG.error("lost the leader lease; stopping so that another replica takes over");
            Runtime.getRuntime().halt(1);
        }
    }
}
