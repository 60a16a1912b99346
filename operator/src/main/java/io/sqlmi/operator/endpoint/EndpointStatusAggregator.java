package io.sqlmi.operator.endpoint;

import io.fabric8.kubernetes.api.model.Service;
import io.sqlmi.operator.common.Conditions;
import io.sqlmi.operator.common.Owners;
import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointState;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.EffectiveSecurityRule;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.instance.InstanceSettings;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import io.sqlmi.operator.network.PortRange;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The one place an Endpoint's status and conditions are put together. Pure: the reconciler hands over what it read
 * and applied in one call, {@link #of}; the steps it takes are the methods below, in that order.
 */
public final class EndpointStatusAggregator {

    public static final String INSTANCE_FOUND = "InstanceFound";
    public static final String SERVICE_READY = "ServiceReady";
    public static final String TRAFFIC_ALLOWED = "TrafficAllowed";
    public static final String VALID = "Valid";

    private final Endpoint endpoint;
    private final Conditions conditions;
    private final EndpointStatus status = new EndpointStatus();
    private boolean failed;
    private boolean disconnected;

    /**
     * The status for what a reconcile read and applied.
     *
     * @param service the endpoint's own Service as the reconcile left it, or null
     */
    public static EndpointStatus of(EndpointFacts facts, Service service, String dnsSuffix, Clock clock) {
        Endpoint endpoint = facts.endpoint();
        var status = new EndpointStatusAggregator(endpoint, clock);
        if (facts.problem() != null) {
            return status.invalid("InvalidEndpoint", facts.problem()).build();
        }
        ManagedInstance mi = facts.instance();
        VirtualCluster vc = facts.virtualCluster();
        EndpointType type = endpoint.getSpec().getType();
        if (mi == null) {
            status.instanceMissing(EndpointTargets.instanceNamespace(endpoint), EndpointTargets.instanceName(endpoint));
        } else if (!facts.instanceServes()) {
            status.instanceNotReady(mi, "it has no host name yet (state " + (mi.getStatus() == null ? "new" : mi.getStatus().getState()) + ").");
        } else {
            String name = mi.getMetadata().getName();
            String zone = mi.getStatus().getDnsZone();
            switch (type) {
                case VNetLocal -> status.instance(mi, HostNames.vnetLocal(name, zone, dnsSuffix), Ports.TDS,
                        InstanceSettings.connectionType(mi.getSpec())).gatewayService(vc);
                case Public -> status.instance(mi, HostNames.publicEndpoint(name, zone, dnsSuffix), Ports.PUBLIC_ENDPOINT,
                        ConnectionType.Proxy).publicTraffic(vc);
                case Private -> status.instance(mi, HostNames.privateEndpoint(name, zone, dnsSuffix), Ports.TDS,
                        ConnectionType.Proxy);
            }
        }
        // A private endpoint keeps its Service, and reports its address, even while its instance is away.
        if (type != EndpointType.VNetLocal && ((mi != null && vc != null) || type == EndpointType.Private)) {
            status.service(service);
        }
        return status.build();
    }

    public EndpointStatusAggregator(Endpoint endpoint, Clock clock) {
        this.endpoint = endpoint;
        EndpointStatus previous = Optional.ofNullable(endpoint.getStatus()).orElseGet(EndpointStatus::new);
        conditions = new Conditions(previous.getConditions(), endpoint.getMetadata().getGeneration(), clock);
        status.setObservedGeneration(endpoint.getMetadata().getGeneration());
        status.setState(previous.getState());
        status.setHost(previous.getHost());
        status.setPort(previous.getPort());
        status.setConnectionType(endpoint.getSpec().getType() == EndpointType.VNetLocal ? previous.getConnectionType()
                : ConnectionType.Proxy);
    }

    public EndpointStatusAggregator invalid(String reason, String message) {
        failed = true;
        conditions.set(VALID, false, reason, message);
        return this;
    }

    public EndpointStatusAggregator instanceMissing(String namespace, String name) {
        disconnected = true;
        conditions.set(INSTANCE_FOUND, false, "InstanceNotFound", "ManagedInstance " + namespace + "/" + name
                + " does not exist: create it or point spec.managedInstance at an existing instance.");
        return this;
    }

    public EndpointStatusAggregator instanceNotReady(ManagedInstance mi, String why) {
        conditions.set(INSTANCE_FOUND, false, "InstanceNotReady", "ManagedInstance " + mi.getMetadata().getNamespace()
                + "/" + mi.getMetadata().getName() + " is not ready for endpoints yet: " + why);
        return this;
    }

    public EndpointStatusAggregator instance(ManagedInstance mi, String host, int port, ConnectionType connectionType) {
        conditions.set(VALID, true, "Valid", "The endpoint's settings are valid.");
        conditions.set(INSTANCE_FOUND, true, "InstanceFound", "Leads to ManagedInstance "
                + mi.getMetadata().getNamespace() + "/" + mi.getMetadata().getName() + ".");
        status.setHost(host);
        status.setPort(port);
        status.setConnectionType(connectionType);
        return this;
    }

    /** VNet-local endpoints are served by the gateway's own Service. */
    public EndpointStatusAggregator gatewayService(VirtualCluster vc) {
        String address = vc.getStatus() == null || vc.getStatus().getGateway() == null ? null : vc.getStatus().getGateway().getAddress();
        status.setServiceName(vc.getStatus() == null || vc.getStatus().getGateway() == null ? null : vc.getStatus().getGateway().getServiceName());
        status.setAddress(address);
        conditions.set(SERVICE_READY, address != null, address != null ? "Addressed" : "WaitingForGateway",
                address != null ? "The gateway's Service has address " + address + "." : "Waiting for the gateway's Service.");
        return this;
    }

    /**
     * A public endpoint's address is the one the operator's load-balancer controller takes from the public pool; a
     * private endpoint's is its Service's cluster IP, fixed for the Service's life.
     */
    public EndpointStatusAggregator service(Service service) {
        if (service == null || service.getSpec() == null || service.getSpec().getClusterIP() == null) {
            conditions.set(SERVICE_READY, false, "ServicePending", "Waiting for Service " + EndpointBuilder.serviceName(endpoint) + ".");
            return this;
        }
        status.setServiceName(service.getMetadata().getName());
        if ("LoadBalancer".equals(service.getSpec().getType())) {
            String external = LoadBalancerAddresses.ingressIp(service);
            status.setAddress(external);
            if (external == null) {
                conditions.set(SERVICE_READY, false, "WaitingForAddress", "Service " + service.getMetadata().getName()
                        + " has no address from the public pool yet; if this lasts, the pool may be exhausted: see the"
                        + " Service's Events, and give the operator a larger publicEndpoint.addressPool.");
                return this;
            }
        } else {
            status.setAddress(service.getSpec().getClusterIP());
        }
        conditions.set(SERVICE_READY, true, "Addressed", "Service " + service.getMetadata().getName() + " has address "
                + status.getAddress() + ".");
        return this;
    }

    /**
     * Azure's two-step enablement: a public endpoint carries traffic only once the subnet's network security group
     * allows 3342 inbound (azure-sql-mi-facts.md section 3).
     */
    public EndpointStatusAggregator publicTraffic(VirtualCluster vc) {
        List<EffectiveSecurityRule> rules = vc.getStatus() == null || vc.getStatus().getSecurityRules() == null
                ? List.of() : vc.getStatus().getSecurityRules();
        EffectiveSecurityRule allowing = rules.stream()
                .filter(r -> r.getOrigin() == RuleOrigin.User && r.getDirection() == SecurityRule.Direction.Inbound)
                .filter(r -> r.getProtocol() == SecurityRule.Protocol.Tcp || r.getProtocol() == SecurityRule.Protocol.Any)
                .filter(r -> r.getDestinationPortRanges().stream().anyMatch(p -> PortRange.parse(p).contains(Ports.PUBLIC_ENDPOINT)))
                .findFirst().orElse(null);
        if (allowing == null || allowing.getAccess() == SecurityRule.Access.Deny) {
            conditions.set(TRAFFIC_ALLOWED, false, "NoInboundRuleFor3342", "No security rule of VirtualCluster "
                    + vc.getMetadata().getName() + " allows TCP " + Ports.PUBLIC_ENDPOINT + " inbound, so the public endpoint"
                    + " carries no traffic: add an Allow rule such as {name: public_endpoint_inbound, priority: 1300,"
                    + " direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: Internet,"
                    + " destinationPortRange: \"3342\"} to spec.networkSecurityGroup.securityRules.");
        } else {
            conditions.set(TRAFFIC_ALLOWED, true, "AllowedByRule", "Security rule " + allowing.getName()
                    + " allows TCP " + Ports.PUBLIC_ENDPOINT + " inbound.");
        }
        return this;
    }

    public EndpointStatus build() {
        EndpointType type = endpoint.getSpec().getType();
        boolean ready = !failed && !disconnected && conditions.isTrue(INSTANCE_FOUND) && conditions.isTrue(SERVICE_READY);
        EndpointState state;
        if (type == EndpointType.Private) {
            // Approval is automatic, as in Azure when the requester has rights on the instance.
            state = failed ? EndpointState.Rejected
                    : disconnected && status.getState() != null ? EndpointState.Disconnected
                    : ready ? EndpointState.Approved : EndpointState.Pending;
        } else {
            state = failed ? EndpointState.Failed : ready ? EndpointState.Ready : EndpointState.Creating;
        }
        status.setState(state);
        if (ready) {
            conditions.set(Conditions.READY, true, "Ready", "Connect to " + status.getHost() + "," + status.getPort()
                    + " (" + status.getConnectionType() + ").");
        } else {
            var cause = conditions.firstNotTrue(VALID, INSTANCE_FOUND, SERVICE_READY);
            conditions.set(Conditions.READY, false, cause == null ? "Reconciling" : cause.getReason(),
                    cause == null ? "The operator is setting up the endpoint." : cause.getMessage());
        }
        status.setConditions(conditions.build());
        return status;
    }

    /**
     * A VNet-local endpoint whose instance has not published its first status yet: its status would only say so,
     * and be written again moments later, when that first status (which wakes the endpoint) gives it its host.
     * The instance lists the endpoint in its own status meanwhile. No status is published until then.
     */
    public static boolean waitsForItsInstance(EndpointFacts facts) {
        return facts.endpoint().getSpec().getType() == EndpointType.VNetLocal && facts.problem() == null
                && facts.instance() != null && facts.instance().getStatus() == null && facts.endpoint().getStatus() == null;
    }

    /**
     * An endpoint owned by its instance (the VNet-local one the operator makes) whose instance is gone or being
     * deleted: the garbage collector removes it next, so a status saying the instance is missing, and its Warning,
     * would be two writes per deleted instance that nobody reads. Endpoints a user made still say it.
     */
    public static boolean goesWithItsInstance(EndpointFacts facts) {
        return Owners.outlivedItsOwner(facts.endpoint(), ManagedInstance.class, facts.instance());
    }

    public static boolean instanceServes(ManagedInstance mi) {
        return mi.getStatus() != null && mi.getStatus().getFullyQualifiedDomainName() != null
                && mi.getStatus().getState() != InstanceState.Failed;
    }
}
