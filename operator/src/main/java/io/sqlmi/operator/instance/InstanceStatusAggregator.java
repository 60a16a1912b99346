package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sqlmi.operator.capacity.CapacityModel;
import io.sqlmi.operator.capacity.CapacityPlan;
import io.sqlmi.operator.capacity.Resize;
import io.sqlmi.operator.common.Conditions;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.InstanceEndpoint;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.crds.v1alpha1.ReplicaCounts;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The one place a ManagedInstance's status is put together: state, endpoints, replicas and conditions that say
 * what is wrong and what to do about it. Pure: the reconciler gathers the facts and hands them over in one call,
 * {@link #of}; the steps it takes are the methods below, in that order.
 */
public final class InstanceStatusAggregator {

    public static final String VIRTUAL_CLUSTER_READY = "VirtualClusterReady";
    public static final String ADMIN_PASSWORD_AVAILABLE = "AdministratorPasswordAvailable";
    public static final String REDIRECT_PORT_ASSIGNED = "RedirectPortAssigned";
    public static final String REPLICAS_READY = "ReplicasReady";
    public static final String GATEWAY_READY = "GatewayReady";
    public static final String ADDRESS_SPACE_AVAILABLE = "AddressSpaceAvailable";
    public static final String NODES_AVAILABLE = "NodesAvailable";
    /** Present while spec.stopped is true or the instance is Stopping, Stopped or Starting; True once it is Stopped. */
    public static final String STOPPED = "Stopped";

    private final ManagedInstance mi;
    private final Conditions conditions;
    private final ManagedInstanceStatus status = new ManagedInstanceStatus();
    private final StopStart stopStart;
    private boolean failed;
    private boolean blocked;
    /** Whether this reconcile applied the instance's VNet-local Endpoint, which the informer may not hold yet. */
    private boolean vnetLocalApplied;
    /** Whether the engine has no pod left; null when this reconcile did not look (no children were built). */
    private Boolean engineGone;

    /**
     * The status for what a reconcile found out and built.
     *
     * @param engine the engine StatefulSet as the reconcile left it; only read for an instance that has children
     */
    public static ManagedInstanceStatus of(ManagedInstance mi, InstanceFacts facts, StatefulSet engine, Clock clock) {
        var status = new InstanceStatusAggregator(mi, clock);
        Hosting hosting = facts.hosting();
        if (hosting instanceof Hosting.NoVirtualCluster missing) {
            status.virtualClusterMissing(missing.name());
        } else if (hosting instanceof Hosting.NotServing notServing) {
            status.virtualClusterNotServing(notServing.virtualCluster(), notServing.why());
        } else if (hosting instanceof Hosting.SubnetFull full) {
            status.virtualClusterReady(full.virtualCluster(), full.dnsZone(), full.fqdn())
                    .addressSpaceExhausted(full.virtualCluster(), full.plan(), full.refusal());
        } else if (hosting instanceof Hosting.Admitted admitted) {
            VirtualCluster vc = admitted.virtualCluster();
            status.virtualClusterReady(vc, admitted.dnsZone(), admitted.fqdn())
                    .addressSpaceAvailable(admitted.plan()).nodes(vc).gateway(vc);
            AdminPassword password = facts.password();
            if (password.available()) {
                status.adminPasswordAvailable(password.secret());
            } else {
                status.adminPasswordMissing(password.secret(), password.key());
            }
            status.redirectPort(facts.redirectPort().isPresent() ? facts.redirectPort().getAsInt() : null);
            if (password.available() && facts.redirectPort().isPresent()) {
                status.children(InstanceNames.connectionSecret(mi)).engine(engine).vnetLocalEndpointApplied();
            }
        }
        return status.endpoints(facts.endpoints()).build();
    }

    /**
     * When the reconciler should look again although no event will come: soon, when a waiting stop or start can
     * proceed ({@link StopStart#proceedsNext}); in 15 s while the password Secret the instance names is missing (it
     * is not watched); otherwise only on events.
     */
    public static Optional<Duration> recheckAfter(ManagedInstance mi, ManagedInstanceStatus next) {
        if (StopStart.proceedsNext(mi, next)) {
            return Optional.of(Duration.ofSeconds(1));
        }
        return waitsForUserInput(next) ? Optional.of(Duration.ofSeconds(15)) : Optional.empty();
    }

    /** Whether the instance waits for something only the user can supply: the password Secret it names. */
    public static boolean waitsForUserInput(ManagedInstanceStatus status) {
        return status.getConditions().stream().anyMatch(c ->
                ADMIN_PASSWORD_AVAILABLE.equals(c.getType()) && Conditions.FALSE.equals(c.getStatus()));
    }

    public InstanceStatusAggregator(ManagedInstance mi, Clock clock) {
        this.mi = mi;
        this.stopStart = StopStart.of(mi);
        ManagedInstanceStatus previous = Optional.ofNullable(mi.getStatus()).orElseGet(ManagedInstanceStatus::new);
        this.conditions = new Conditions(previous.getConditions(), mi.getMetadata().getGeneration(), clock);
        // Computed once, kept forever: a port or zone already published must not disappear from status.
        status.setRedirectPort(previous.getRedirectPort());
        status.setDnsZone(previous.getDnsZone());
        status.setFullyQualifiedDomainName(previous.getFullyQualifiedDomainName());
        status.setConnectionSecretName(previous.getConnectionSecretName());
        status.setState(previous.getState());
        status.setObservedGeneration(mi.getMetadata().getGeneration());
        status.setConnectionType(InstanceSettings.connectionType(mi.getSpec()));
        status.setMinimalTlsVersion(InstanceSettings.minimalTlsVersion(mi.getSpec()));
        status.setVmGroup(VmGroups.nameOf(mi.getSpec()));
        status.setReplicas(replicaCounts(InstanceSettings.replicas(mi.getSpec()), 0));
        conditions.set(VIRTUAL_CLUSTER_READY, Conditions.UNKNOWN, "Pending", "Waiting for the virtual cluster.");
    }

    public InstanceStatusAggregator virtualClusterMissing(String name) {
        blocked = true;
        conditions.set(VIRTUAL_CLUSTER_READY, false, "VirtualClusterNotFound",
                "VirtualCluster " + name + " does not exist in namespace " + mi.getMetadata().getNamespace()
                        + ": create it, or set spec.virtualCluster to an existing one. The instance starts by itself once it exists.");
        return this;
    }

    public InstanceStatusAggregator virtualClusterNotServing(VirtualCluster vc, String why) {
        blocked = true;
        conditions.set(VIRTUAL_CLUSTER_READY, false, "VirtualClusterNotReady",
                "VirtualCluster " + vc.getMetadata().getName() + " cannot host instances yet: " + why);
        return this;
    }

    public InstanceStatusAggregator virtualClusterReady(VirtualCluster vc, String zone, String fqdn) {
        conditions.set(VIRTUAL_CLUSTER_READY, true, "VirtualClusterReady",
                "Hosted by VirtualCluster " + vc.getMetadata().getName() + " in DNS zone " + zone + ".");
        status.setDnsZone(zone);
        status.setFullyQualifiedDomainName(fqdn);
        return this;
    }

    /** The subnet has no room for the instance: it waits, and starts by itself once there is room. */
    public InstanceStatusAggregator addressSpaceExhausted(VirtualCluster vc, CapacityPlan plan, CapacityPlan.Refusal refusal) {
        blocked = true;
        conditions.set(ADDRESS_SPACE_AVAILABLE, false, "SubnetFull", "Subnet " + plan.subnet() + " of VirtualCluster "
                + vc.getMetadata().getName() + " has " + plan.total() + " addresses (" + plan.reservedByPlatform()
                + " reserved by the platform, " + plan.loadBalancer() + " by the internal load balancer, " + plan.used()
                + " in use): this " + mi.getSpec().getTier() + " instance needs "
                + refusal.needed() + (refusal.needsNewVmGroup() ? " (including " + CapacityModel.PER_VM_GROUP + " for a new VM group)" : "")
                + " and " + refusal.available() + " are left. Delete an instance, or create this one in a VirtualCluster"
                + " with a larger subnet; it starts by itself once there is room.");
        return this;
    }

    public InstanceStatusAggregator addressSpaceAvailable(CapacityPlan plan) {
        // No count of what is left here: it changes with every instance of the cluster, and each of its instances
        // would write its status again for each one that comes or goes. The cluster's status.addresses counts it.
        conditions.set(ADDRESS_SPACE_AVAILABLE, true, "AddressesAssigned", "The instance holds its addresses in subnet "
                + plan.subnet() + "; the virtual cluster's status.addresses counts those left.");
        return this;
    }

    /** In a node pool, the instance's VM group may be short of nodes; its pods then wait for the pool. */
    public InstanceStatusAggregator nodes(VirtualCluster vc) {
        if (!stopStart.engineRuns() || vc.getStatus() == null || !Resize.NODE_POOL.equals(vc.getStatus().getPlacement())) {
            return this;
        }
        var pool = Conditions.find(vc.getStatus().getConditions(), "NodesAvailable");
        String group = VmGroups.nameOf(mi.getSpec());
        boolean short_ = pool != null && Conditions.FALSE.equals(pool.getStatus()) && pool.getMessage().contains(group + " (");
        conditions.set(NODES_AVAILABLE, !short_, short_ ? "PoolExhausted" : "NodesClaimed", short_ ? pool.getMessage()
                : "VM group " + group + " runs on nodes claimed from the pool.");
        return this;
    }

    public InstanceStatusAggregator adminPasswordMissing(String secret, String key) {
        blocked = true;
        failed = true;
        conditions.set(ADMIN_PASSWORD_AVAILABLE, false, "SecretNotFound",
                "spec.administratorLoginPasswordSecretRef points to Secret " + secret + " key " + key
                        + ", which does not exist: create the Secret with that key, or remove the reference to get a generated password.");
        return this;
    }

    public InstanceStatusAggregator adminPasswordAvailable(String secret) {
        conditions.set(ADMIN_PASSWORD_AVAILABLE, true, "SecretFound", "The administrator's password is in Secret " + secret + ".");
        return this;
    }

    public InstanceStatusAggregator redirectPort(Integer port) {
        if (port == null) {
            blocked = true;
            failed = true;
            conditions.set(REDIRECT_PORT_ASSIGNED, false, "RedirectPortsExhausted",
                    "All redirect ports " + Ports.REDIRECT_FIRST + "-" + Ports.REDIRECT_LAST
                            + " of the virtual cluster are in use: delete an instance or create this one in another VirtualCluster.");
        } else {
            status.setRedirectPort(port);
            conditions.set(REDIRECT_PORT_ASSIGNED, true, "Assigned", "Redirected clients connect on port " + port + ".");
        }
        return this;
    }

    public InstanceStatusAggregator children(String connectionSecret) {
        status.setConnectionSecretName(connectionSecret);
        return this;
    }

    public InstanceStatusAggregator engine(StatefulSet sts) {
        int desired = InstanceSettings.replicas(mi.getSpec());
        int ready = sts == null || sts.getStatus() == null ? 0
                : Optional.ofNullable(sts.getStatus().getReadyReplicas()).orElse(0);
        status.setReplicas(replicaCounts(desired, ready));
        status.setPrimaryReplica(InstanceNames.pod(mi, 0));
        status.setReadableSecondaries(IntStream.range(1, desired).mapToObj(i -> InstanceNames.pod(mi, i)).toList());
        if (!stopStart.engineRuns()) {
            engineGone = StopStart.engineGone(sts);
            status.setReplicas(replicaCounts(0, ready));
            conditions.set(REPLICAS_READY, false, engineGone ? "Stopped" : "Stopping", engineGone
                    ? "No replica runs while the instance is stopped; its volumes are kept."
                    : "The engine's pods are shutting down; their volumes are kept.");
            return this;
        }
        boolean rolledOut = sts != null && sts.getStatus() != null
                && Objects.equals(sts.getStatus().getObservedGeneration(), sts.getMetadata().getGeneration())
                && Objects.equals(sts.getStatus().getUpdatedReplicas(), desired)
                && Objects.equals(sts.getStatus().getCurrentRevision(), sts.getStatus().getUpdateRevision());
        boolean allReady = ready == desired && rolledOut;
        conditions.set(REPLICAS_READY, allReady, allReady ? "AllReplicasReady" : "ReplicasStarting",
                ready + " of " + desired + " replicas ready" + (allReady ? "." : rolledOut ? "; waiting for the engine pods."
                        : "; the engine is rolling out a change."));
        return this;
    }

    public InstanceStatusAggregator gateway(VirtualCluster vc) {
        Integer ready = vc.getStatus() == null || vc.getStatus().getGateway() == null ? null
                : vc.getStatus().getGateway().getReadyReplicas();
        boolean available = ready != null && ready > 0;
        conditions.set(GATEWAY_READY, available, available ? "GatewayAvailable" : "GatewayStarting",
                available ? "The gateway of VirtualCluster " + vc.getMetadata().getName() + " routes connections."
                        : "Waiting for a ready gateway pod in VirtualCluster " + vc.getMetadata().getName() + ".");
        return this;
    }

    /**
     * The instance has its children, the VNet-local Endpoint among them: it is listed even before the informer
     * delivers it, so that its arrival does not change the status a second time.
     */
    public InstanceStatusAggregator vnetLocalEndpointApplied() {
        vnetLocalApplied = true;
        return this;
    }

    /**
     * The endpoints leading to the instance. Where to connect comes from each Endpoint's status, except for the
     * instance's own VNet-local endpoint: its host is the instance's FQDN on 1433, known here already, so the
     * status does not wait for (and is not written again after) the Endpoint's own reconcile.
     */
    public InstanceStatusAggregator endpoints(List<Endpoint> endpoints) {
        List<InstanceEndpoint> list = new ArrayList<>();
        String ownLocal = InstanceNames.vnetLocalEndpoint(mi);
        boolean listed = endpoints.stream().anyMatch(this::isOwnVnetLocal);
        if (vnetLocalApplied && !listed) {
            list.add(ownVnetLocal(ownLocal));
        }
        endpoints.stream()
                .sorted(Comparator.comparing((Endpoint e) -> e.getSpec().getType().ordinal())
                        .thenComparing(e -> e.getMetadata().getNamespace()).thenComparing(e -> e.getMetadata().getName()))
                .forEach(e -> {
                    if (isOwnVnetLocal(e)) {
                        list.add(ownVnetLocal(ownLocal));
                        return;
                    }
                    InstanceEndpoint item = new InstanceEndpoint();
                    item.setName(e.getMetadata().getName());
                    if (!mi.getMetadata().getNamespace().equals(e.getMetadata().getNamespace())) {
                        item.setNamespace(e.getMetadata().getNamespace());
                    }
                    item.setType(e.getSpec().getType());
                    if (e.getStatus() != null) {
                        item.setHost(e.getStatus().getHost());
                        item.setPort(e.getStatus().getPort());
                        item.setConnectionType(e.getStatus().getConnectionType());
                    }
                    if (item.getConnectionType() == null) {
                        item.setConnectionType(e.getSpec().getType() == EndpointType.VNetLocal
                                ? InstanceSettings.connectionType(mi.getSpec()) : ConnectionType.Proxy);
                    }
                    list.add(item);
                });
        status.setEndpoints(list);
        return this;
    }

    private boolean isOwnVnetLocal(Endpoint e) {
        return e.getSpec().getType() == EndpointType.VNetLocal && InstanceNames.vnetLocalEndpoint(mi).equals(e.getMetadata().getName())
                && mi.getMetadata().getNamespace().equals(e.getMetadata().getNamespace());
    }

    /** What the VNet-local Endpoint's own status says once it is reconciled: the instance's FQDN on 1433. */
    private InstanceEndpoint ownVnetLocal(String name) {
        InstanceEndpoint item = new InstanceEndpoint();
        item.setName(name);
        item.setType(EndpointType.VNetLocal);
        item.setHost(status.getFullyQualifiedDomainName());
        item.setPort(status.getFullyQualifiedDomainName() == null ? null : Ports.TDS);
        item.setConnectionType(InstanceSettings.connectionType(mi.getSpec()));
        return item;
    }

    public ManagedInstanceStatus build() {
        boolean off = !stopStart.engineRuns();
        boolean ready = !off && !blocked && conditions.isTrue(VIRTUAL_CLUSTER_READY) && conditions.isTrue(REPLICAS_READY)
                && conditions.isTrue(GATEWAY_READY);
        InstanceState previous = status.getState();
        InstanceState state;
        if (off) {
            // A stopped instance stays stopped whatever else fails: nothing it needs to run is needed while it does not.
            state = engineGone == null ? (previous == InstanceState.Stopped ? InstanceState.Stopped : InstanceState.Stopping)
                    : engineGone ? InstanceState.Stopped : InstanceState.Stopping;
        } else if (failed) {
            state = InstanceState.Failed;
        } else if (ready) {
            state = InstanceState.Ready;
        } else if (stopStart.phase() == StopStart.Phase.STARTING) {
            state = InstanceState.Starting;
        } else if (previous == InstanceState.Ready || previous == InstanceState.Updating) {
            state = InstanceState.Updating;
        } else {
            state = InstanceState.Creating;
        }
        status.setState(state);
        stoppedCondition(state);
        if (ready) {
            conditions.set(Conditions.READY, true, "Ready", "The instance accepts connections at "
                    + status.getFullyQualifiedDomainName() + "," + Ports.TDS + ".");
        } else {
            var cause = conditions.firstNotTrue(VIRTUAL_CLUSTER_READY, ADDRESS_SPACE_AVAILABLE, ADMIN_PASSWORD_AVAILABLE,
                    REDIRECT_PORT_ASSIGNED, NODES_AVAILABLE);
            if (cause == null && (off || state == InstanceState.Starting)) {
                cause = conditions.get(STOPPED);
            }
            if (cause == null) {
                cause = conditions.firstNotTrue(REPLICAS_READY, GATEWAY_READY);
            }
            conditions.set(Conditions.READY, false, cause == null ? "Reconciling" : cause.getReason(),
                    cause == null ? "The operator is working on the instance." : cause.getMessage());
        }
        status.setConditions(conditions.build());
        return status;
    }

    /**
     * The Stopped condition: what a stop or start request is doing, or why it waits and what happens next. Absent
     * while the instance runs as asked.
     */
    private void stoppedCondition(InstanceState state) {
        boolean asked = stopStart.requested();
        String waitsForReady = "spec.stopped is true, but the instance is " + state
                + " and only a Ready instance stops, as in Azure: it stops by itself once it is Ready";
        switch (state) {
            case Stopped -> conditions.set(STOPPED, true, asked ? "Stopped" : "StartPending", asked
                    ? "Stopped (spec.stopped: true): no engine pod runs and its " + mi.getSpec().getVCores()
                    + " vCores are released from VirtualCluster " + mi.getSpec().getVirtualCluster()
                    + "; its data volumes, addresses, host names, redirect port and DNS zone are kept, and the gateway"
                    + " refuses its logins with error 40532. Set spec.stopped: false to start it."
                    : "spec.stopped is false and the instance has stopped: it starts now.");
            case Stopping -> conditions.set(STOPPED, false, asked ? "Stopping" : "StartPending", asked
                    ? "Stopping (spec.stopped: true): the engine's pods are shutting down; its data volumes, addresses,"
                    + " host names, redirect port and DNS zone are kept, and the gateway refuses new logins with error 40532."
                    : "spec.stopped is false, but the instance is Stopping and only a Stopped instance starts, as in"
                    + " Azure: it starts by itself once its engine pods are gone.");
            case Starting -> conditions.set(STOPPED, false, asked ? "StopPending" : "Starting", asked ? waitsForReady + "."
                    : "Starting (spec.stopped: false) on its kept data volumes; the gateway takes its logins again once"
                    + " it is Ready.");
            case Ready -> {
                if (asked) {
                    conditions.set(STOPPED, false, "StopPending", "spec.stopped is true and the instance is Ready: it stops now.");
                }
            }
            default -> {
                if (asked) {
                    conditions.set(STOPPED, false, "StopPending", waitsForReady + " (the Ready condition says what it waits for).");
                }
            }
        }
    }

    private static ReplicaCounts replicaCounts(int desired, int ready) {
        ReplicaCounts counts = new ReplicaCounts();
        counts.setDesired(desired);
        counts.setReady(ready);
        return counts;
    }
}
