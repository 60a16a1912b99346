package io.sqlmi.operator.endpoint;

import static io.sqlmi.operator.testing.Fixtures.NAMESPACE;
import static io.sqlmi.operator.testing.Fixtures.endpoint;
import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.sqlmi.operator.crds.v1alpha1.ConnectionType;
import io.sqlmi.operator.crds.v1alpha1.EffectiveSecurityRule;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointState;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.GatewayStatus;
import io.sqlmi.operator.crds.v1alpha1.InstanceState;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceStatus;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Access;
import io.sqlmi.operator.crds.v1alpha1.SecurityRule.Protocol;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.network.EffectiveSecurityRules;
import io.sqlmi.operator.network.NetworkPolicyCompiler;
import io.sqlmi.operator.network.ServiceTags;
import io.sqlmi.operator.testing.Fixtures;
import io.sqlmi.operator.testing.TestConfigs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointStatusAggregatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final String PUBLIC_HOST = "mi1.public.a1b2c3d4e5f6.database.windows.net";
    final ManagedInstance mi = managedInstance("mi1");

    /** A virtual cluster whose status lists the effective rules compiled from the given user rules. */
    static VirtualCluster clusterWithRules(io.sqlmi.operator.crds.v1alpha1.SecurityRule... rules) {
        VirtualCluster vc = Fixtures.withRules(virtualCluster(), rules);
        List<EffectiveSecurityRule> effective = new NetworkPolicyCompiler(new ServiceTags(TestConfigs.shipped().serviceTags()))
                .compile(vc, EffectiveSecurityRules.of(vc.getSpec()), List.of("vnet-a")).rules();
        VirtualClusterStatus status = new VirtualClusterStatus();
        status.setSecurityRules(effective);
        GatewayStatus gateway = new GatewayStatus();
        gateway.setServiceName("vc1-gateway");
        gateway.setAddress("10.96.0.12");
        status.setGateway(gateway);
        vc.setStatus(status);
        return vc;
    }

    static Service service(String name, String type, String clusterIp, String externalIp) {
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).endSpec();
        if (externalIp != null) {
            builder.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(externalIp).endIngress().endLoadBalancer().endStatus();
        }
        return builder.build();
    }

    static String condition(EndpointStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage()).orElse(null);
    }

    @Test
    void aPublicEndpointWithItsServiceIsReadyAndAlwaysProxied() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);
        VirtualCluster vc = clusterWithRules(Fixtures.inbound("public_endpoint_inbound", 1300, Access.Allow, Protocol.Tcp, "Internet", "3342"));

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, PUBLIC_HOST, 3342, ConnectionType.Proxy).publicTraffic(vc)
                .service(service("mi1-public", "LoadBalancer", "10.96.5.5", "172.18.0.240")).build();

        assertThat(status.getState()).isEqualTo(EndpointState.Ready);
        assertThat(status.getHost()).isEqualTo(PUBLIC_HOST);
        assertThat(status.getPort()).isEqualTo(3342);
        assertThat(status.getConnectionType()).isEqualTo(ConnectionType.Proxy);
        assertThat(status.getAddress()).isEqualTo("172.18.0.240");
        assertThat(status.getServiceName()).isEqualTo("mi1-public");
        assertThat(status.getConditions().get(0).getType()).isEqualTo("Ready");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("Connect to " + PUBLIC_HOST + ",3342 (Proxy).");
        assertThat(condition(status, "TrafficAllowed")).startsWith("True AllowedByRule: Security rule public_endpoint_inbound");
    }

    @Test
    void withoutAnNsgRuleFor3342ThePublicEndpointSaysHowToEnableTraffic() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, PUBLIC_HOST, 3342, ConnectionType.Proxy).publicTraffic(clusterWithRules())
                .service(service("mi1-public", "LoadBalancer", "10.96.5.5", null)).build();

        assertThat(condition(status, "TrafficAllowed")).startsWith("False NoInboundRuleFor3342:")
                .contains("allows TCP 3342 inbound").contains("destinationPortRange: \"3342\"")
                .contains("spec.networkSecurityGroup.securityRules");
        assertThat(status.getAddress()).as("no address before the pool gave one").isNull();
        assertThat(condition(status, "ServiceReady")).startsWith("False WaitingForAddress:")
                .contains("no address from the public pool yet").contains("publicEndpoint.addressPool");
        assertThat(status.getState()).isEqualTo(EndpointState.Creating);
    }

    @Test
    void aDenyRuleEvaluatedFirstBlocksThePublicEndpoint() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);
        VirtualCluster vc = clusterWithRules(
                Fixtures.inbound("deny_public", 1200, Access.Deny, Protocol.Tcp, "*", "3000-3999"),
                Fixtures.inbound("public_endpoint_inbound", 1300, Access.Allow, Protocol.Tcp, "Internet", "3342"));

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, PUBLIC_HOST, 3342, ConnectionType.Proxy).publicTraffic(vc).build();

        assertThat(condition(status, "TrafficAllowed")).startsWith("False NoInboundRuleFor3342");
    }

    @Test
    void aRuleForAnyPortOrAnyProtocolAllowsThePublicEndpoint() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);
        VirtualCluster vc = clusterWithRules(Fixtures.inbound("everything", 1300, Access.Allow, Protocol.Any, "Internet", "*"));

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, PUBLIC_HOST, 3342, ConnectionType.Proxy).publicTraffic(vc).build();

        assertThat(condition(status, "TrafficAllowed")).startsWith("True");
    }

    @Test
    void aVnetLocalEndpointReportsTheGatewayAddressAndTheInstancesConnectionType() {
        Endpoint endpoint = endpoint("mi1-vnet-local", NAMESPACE, EndpointType.VNetLocal, "mi1", null);

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, "mi1.a1b2c3d4e5f6.database.windows.net", 1433, ConnectionType.Redirect)
                .gatewayService(clusterWithRules()).build();

        assertThat(status.getState()).isEqualTo(EndpointState.Ready);
        assertThat(status.getConnectionType()).isEqualTo(ConnectionType.Redirect);
        assertThat(status.getAddress()).isEqualTo("10.96.0.12");
        assertThat(status.getServiceName()).isEqualTo("vc1-gateway");
        assertThat(status.getPort()).isEqualTo(1433);
    }

    @Test
    void aPrivateEndpointIsApprovedWhenItsServiceHasAnAddress() {
        Endpoint endpoint = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE);

        EndpointStatus pending = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, "mi1.privatelink.a1b2c3d4e5f6.database.windows.net", 1433, ConnectionType.Proxy).service(null).build();
        EndpointStatus approved = new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, "mi1.privatelink.a1b2c3d4e5f6.database.windows.net", 1433, ConnectionType.Proxy)
                .service(service("mi1-pe", "ClusterIP", "10.96.9.9", null)).build();

        assertThat(pending.getState()).isEqualTo(EndpointState.Pending);
        assertThat(pending.getConditions().get(0).getMessage()).isEqualTo("Waiting for Service mi1-pe.");
        assertThat(approved.getState()).isEqualTo(EndpointState.Approved);
        assertThat(approved.getAddress()).isEqualTo("10.96.9.9");
    }

    @Test
    void aPrivateEndpointWhoseInstanceWentAwayIsDisconnected() {
        Endpoint endpoint = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE);
        endpoint.setStatus(new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, "mi1.privatelink.a1b2c3d4e5f6.database.windows.net", 1433, ConnectionType.Proxy)
                .service(service("mi1-pe", "ClusterIP", "10.96.9.9", null)).build());

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK).instanceMissing(NAMESPACE, "mi1").build();

        assertThat(status.getState()).isEqualTo(EndpointState.Disconnected);
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("ManagedInstance sqlmi-subnet-a/mi1 does not exist:"
                + " create it or point spec.managedInstance at an existing instance.");
        assertThat(status.getHost()).as("the host stays published").isEqualTo("mi1.privatelink.a1b2c3d4e5f6.database.windows.net");
    }

    @Test
    void anInvalidEndpointFailsOrIsRejectedWithTheMessage() {
        Endpoint publicOne = endpoint("mi1-public", "elsewhere", EndpointType.Public, "mi1", NAMESPACE);
        Endpoint privateOne = endpoint("mi1-pe", NAMESPACE, EndpointType.Private, "mi1", null);

        EndpointStatus failed = new EndpointStatusAggregator(publicOne, CLOCK).invalid("InvalidEndpoint", "create it there.").build();
        EndpointStatus rejected = new EndpointStatusAggregator(privateOne, CLOCK).invalid("InvalidEndpoint", "another network.").build();

        assertThat(failed.getState()).isEqualTo(EndpointState.Failed);
        assertThat(failed.getConditions().get(0).getReason()).isEqualTo("InvalidEndpoint");
        assertThat(failed.getConditions().get(0).getMessage()).isEqualTo("create it there.");
        assertThat(rejected.getState()).isEqualTo(EndpointState.Rejected);
    }

    @Test
    void anInstanceWithoutAHostNameKeepsTheEndpointCreating() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);

        EndpointStatus status = new EndpointStatusAggregator(endpoint, CLOCK).instanceNotReady(mi, "it has no host name yet (state Creating).").build();

        assertThat(status.getState()).isEqualTo(EndpointState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("InstanceNotReady");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("ManagedInstance sqlmi-subnet-a/mi1 is not ready for"
                + " endpoints yet: it has no host name yet (state Creating).");
        assertThat(status.getConnectionType()).isEqualTo(ConnectionType.Proxy);
    }

    @Test
    void anInstanceServesEndpointsOnceItHasAHostNameAndHasNotFailed() {
        assertThat(EndpointStatusAggregator.instanceServes(mi)).isFalse();
        ManagedInstanceStatus status = new ManagedInstanceStatus();
        status.setFullyQualifiedDomainName("mi1.a1b2c3d4e5f6.database.windows.net");
        status.setState(InstanceState.Creating);
        mi.setStatus(status);
        assertThat(EndpointStatusAggregator.instanceServes(mi)).isTrue();
        status.setState(InstanceState.Failed);
        assertThat(EndpointStatusAggregator.instanceServes(mi)).isFalse();
    }

    // ---- of(): the one call a reconcile makes ----

    ManagedInstance serving() {
        ManagedInstanceStatus status = new ManagedInstanceStatus();
        status.setFullyQualifiedDomainName("mi1.a1b2c3d4e5f6.database.windows.net");
        status.setDnsZone("a1b2c3d4e5f6");
        status.setState(InstanceState.Ready);
        mi.setStatus(status);
        return mi;
    }

    @Test
    void aPublicEndpointOfAServingInstanceGetsItsHostTrafficCheckAndService() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);
        VirtualCluster vc = clusterWithRules(Fixtures.inbound("public_endpoint_inbound", 1300, Access.Allow, Protocol.Tcp, "Internet", "3342"));

        EndpointStatus status = EndpointStatusAggregator.of(new EndpointFacts(endpoint, serving(), vc, List.of()),
                service("mi1-public", "LoadBalancer", "10.96.5.5", "172.18.0.240"), "database.windows.net", CLOCK);

        assertThat(status).usingRecursiveComparison().isEqualTo(new EndpointStatusAggregator(endpoint, CLOCK)
                .instance(mi, PUBLIC_HOST, 3342, ConnectionType.Proxy).publicTraffic(vc)
                .service(service("mi1-public", "LoadBalancer", "10.96.5.5", "172.18.0.240")).build());
        assertThat(status.getState()).isEqualTo(EndpointState.Ready);
    }

    @Test
    void aVnetLocalEndpointIsServedByTheGatewaysServiceAndTheInstancesConnectionType() {
        Endpoint endpoint = endpoint("mi1-vnet-local", NAMESPACE, EndpointType.VNetLocal, "mi1", null);
        endpoint.getMetadata().setLabels(java.util.Map.of("app.kubernetes.io/managed-by", "sqlmi-operator",
                "sqlmi.io/managed-instance", "mi1"));

        EndpointStatus status = EndpointStatusAggregator.of(new EndpointFacts(endpoint, serving(), clusterWithRules(), List.of()),
                null, "database.windows.net", CLOCK);

        assertThat(status.getState()).isEqualTo(EndpointState.Ready);
        assertThat(status.getHost()).isEqualTo("mi1.a1b2c3d4e5f6.database.windows.net");
        assertThat(status.getConnectionType()).isEqualTo(ConnectionType.Redirect);
        assertThat(status.getAddress()).isEqualTo("10.96.0.12");
    }

    @Test
    void aPrivateEndpointKeepsReportingItsServiceWhileItsInstanceIsAway() {
        Endpoint endpoint = endpoint("mi1-pe", "vnet-b-apps", EndpointType.Private, "mi1", NAMESPACE);

        EndpointStatus status = EndpointStatusAggregator.of(new EndpointFacts(endpoint, null, null, List.of()),
                service("mi1-pe", "ClusterIP", "10.96.9.9", null), "database.windows.net", CLOCK);

        assertThat(status.getConditions().get(0).getReason()).isEqualTo("InstanceNotFound");
        assertThat(status.getAddress()).isEqualTo("10.96.9.9");
        assertThat(status.getServiceName()).isEqualTo("mi1-pe");
    }

    @Test
    void aPublicEndpointOfAnInstanceWithoutHostNameWaitsWithoutService() {
        Endpoint endpoint = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);

        EndpointStatus status = EndpointStatusAggregator.of(new EndpointFacts(endpoint, mi, null, List.of()), null,
                "database.windows.net", CLOCK);

        assertThat(status.getState()).isEqualTo(EndpointState.Creating);
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("ManagedInstance sqlmi-subnet-a/mi1 is not ready for"
                + " endpoints yet: it has no host name yet (state new).");
        assertThat(status.getConditions()).extracting(c -> c.getType()).doesNotContain("ServiceReady");
    }

    @Test
    void aMisplacedEndpointGetsOnlyItsProblem() {
        Endpoint privateHere = endpoint("mi1-pe", NAMESPACE, EndpointType.Private, "mi1", null);

        EndpointFacts facts = new EndpointFacts(privateHere, serving(), clusterWithRules(), List.of("10.244.0.5"));
        EndpointStatus status = EndpointStatusAggregator.of(facts, null, "database.windows.net", CLOCK);

        assertThat(facts.hasChildren()).isFalse();
        assertThat(EndpointModel.desired(facts)).isEmpty();
        assertThat(status.getState()).isEqualTo(EndpointState.Rejected);
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo(EndpointPlacement.problem(privateHere));
    }

    @Test
    void aVnetLocalEndpointWaitsWithoutStatusForItsInstancesFirstStatus() {
        Endpoint local = EndpointBuilder.vnetLocal(mi);
        Endpoint userPublic = endpoint("mi1-public", NAMESPACE, EndpointType.Public, "mi1", null);
        ManagedInstance described = managedInstance("mi1");
        described.setStatus(new ManagedInstanceStatus());

        assertThat(EndpointStatusAggregator.waitsForItsInstance(new EndpointFacts(local, mi, virtualCluster(), List.of()))).isTrue();
        assertThat(EndpointStatusAggregator.waitsForItsInstance(new EndpointFacts(local, described, virtualCluster(), List.of()))).isFalse();
        assertThat(EndpointStatusAggregator.waitsForItsInstance(new EndpointFacts(userPublic, mi, virtualCluster(), List.of())))
                .as("an endpoint a user made says at once what it waits for").isFalse();
        assertThat(EndpointStatusAggregator.waitsForItsInstance(new EndpointFacts(local, null, null, List.of())))
                .as("without its instance it says so").isFalse();
    }

    @Test
    void anEndpointOwnedByItsInstancePublishesNothingOnceTheInstanceIsGoneOrDeleting() {
        Endpoint local = EndpointBuilder.vnetLocal(mi);
        local.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withKind("ManagedInstance")
                .withApiVersion("sqlmi.io/v1alpha1").withName("mi1").withUid(mi.getMetadata().getUid()).withController(true)
                .build()));
        ManagedInstance deleting = managedInstance("mi1");
        deleting.getMetadata().setUid(mi.getMetadata().getUid());
        deleting.getMetadata().setDeletionTimestamp("2025-03-01T09:59:00Z");
        ManagedInstance recreated = managedInstance("mi1");
        Endpoint userPrivate = endpoint("mi1-pe", NAMESPACE, EndpointType.Private, "mi1", null);

        assertThat(EndpointStatusAggregator.goesWithItsInstance(new EndpointFacts(local, mi, virtualCluster(), List.of())))
                .as("its instance is there").isFalse();
        assertThat(EndpointStatusAggregator.goesWithItsInstance(new EndpointFacts(local, null, null, List.of()))).isTrue();
        assertThat(EndpointStatusAggregator.goesWithItsInstance(new EndpointFacts(local, deleting, virtualCluster(), List.of())))
                .isTrue();
        assertThat(EndpointStatusAggregator.goesWithItsInstance(new EndpointFacts(local, recreated, virtualCluster(), List.of())))
                .as("an instance of the same name made again is not its owner").isTrue();
        assertThat(EndpointStatusAggregator.goesWithItsInstance(new EndpointFacts(userPrivate, null, null, List.of())))
                .as("an endpoint a user made says that its instance is missing").isFalse();
    }
}
