package io.sqlmi.operator.virtualcluster;

import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterState;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class VirtualClusterStatusAggregatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final String ZONE = "a1b2c3d4e5f6";

    static Service gatewayService() {
        return new ServiceBuilder().withNewMetadata().withName("vc1-gateway").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.12").endSpec().build();
    }

    static Deployment gatewayDeployment(int ready) {
        return new DeploymentBuilder().withNewMetadata().withName("vc1-gateway").endMetadata()
                .withNewStatus().withReadyReplicas(ready).endStatus().build();
    }

    static Condition condition(VirtualClusterStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    static VirtualClusterStatus ready(VirtualCluster vc) {
        return new VirtualClusterStatusAggregator(vc, CLOCK).accepted().dnsZone(ZONE, "generated when the cluster was created")
                .capacity(plan(3), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(2)).build();
    }

    @Test
    void aClusterWithZoneAndGatewayIsReady() {
        VirtualClusterStatus status = ready(virtualCluster());

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(status.getDnsZone()).isEqualTo(ZONE);
        assertThat(status.getInstances()).isEqualTo(3);
        assertThat(status.getGateway().getServiceName()).isEqualTo("vc1-gateway");
        assertThat(status.getGateway().getAddress()).isEqualTo("10.96.0.12");
        assertThat(status.getGateway().getReplicas()).isEqualTo(2);
        assertThat(status.getGateway().getReadyReplicas()).isEqualTo(2);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getType()).isEqualTo("Ready");
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getMessage()).isEqualTo("The virtual cluster hosts 3 instance(s) in DNS zone " + ZONE + ".");
        assertThat(condition(status, "Accepted").getMessage()).contains("10.0.0.0/24").contains("vnet-a");
        assertThat(condition(status, "NetworkIntentPolicyApplied").getStatus()).isEqualTo("True");
        assertThat(condition(status, "RoutesValid").getStatus()).isEqualTo("True");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(virtualCluster(), status))).isNull();
    }

    @Test
    void aClusterWithoutInstancesRunsNoGatewayAndIsStillReady() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .dnsZone(ZONE, "generated").capacity(plan(0), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 0, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        assertThat(condition(status, "GatewayAvailable").getReason()).isEqualTo("ScaledToZero");
    }

    @Test
    void aSecondClusterInTheNamespaceFailsAndSaysWhy() {
        VirtualCluster second = virtualCluster("vc2", "10.0.1.0/24");

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(second, CLOCK).duplicateOf(virtualCluster()).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Failed);
        Condition ready = status.getConditions().get(0);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("DuplicateVirtualCluster");
        assertThat(ready.getMessage()).contains("Namespace sqlmi-subnet-a already holds VirtualCluster vc1")
                .contains("delete this one, or move it to a namespace of its own");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(second, status))).isEqualTo(ready.getMessage());
    }

    @Test
    void waitingForAPartnerZoneIsCreatingWithTheReason() {
        VirtualClusterStatus waiting = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .waitingForPartner("sqlmi-subnet-b/vc2", true).build();
        VirtualClusterStatus missing = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted()
                .waitingForPartner("sqlmi-subnet-b/vc2", false).build();

        assertThat(waiting.getState()).isEqualTo(VirtualClusterState.Creating);
        assertThat(waiting.getConditions().get(0).getReason()).isEqualTo("WaitingForPartnerZone");
        assertThat(waiting.getConditions().get(0).getMessage()).contains("sqlmi-subnet-b/vc2");
        assertThat(missing.getConditions().get(0).getReason()).isEqualTo("PartnerNotFound");
        assertThat(missing.getConditions().get(0).getMessage()).contains("spec.dnsZonePartner does not exist")
                .contains("create it").contains("without dnsZonePartner");
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(withStatus(virtualCluster(), missing)))
                .isEqualTo(missing.getConditions().get(0).getMessage());
    }

    @Test
    void networkProblemsAndRouteConflictsAreReportedWithoutStoppingTheCluster() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(1), List.of(), "Unrestricted", java.util.Map.of(), false)
                .network(List.of(), List.of("rule allow_ping: NetworkPolicy cannot match ICMP; the rule is listed but not enforced"),
                        List.of(), List.of("route r1 sends 10.0.0.0/24 to VirtualAppliance, but ..."))
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(1)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Ready);
        Condition policy = condition(status, "NetworkIntentPolicyApplied");
        assertThat(policy.getStatus()).isEqualTo("False");
        assertThat(policy.getReason()).isEqualTo("PartiallyApplied");
        assertThat(policy.getMessage()).isEqualTo("The mandatory rules are enforced; rule allow_ping: NetworkPolicy cannot"
                + " match ICMP; the rule is listed but not enforced.");
        Condition routes = condition(status, "RoutesValid");
        assertThat(routes.getStatus()).isEqualTo("False");
        assertThat(routes.getReason()).isEqualTo("MandatoryRouteOverridden");
        assertThat(routes.getMessage()).startsWith("route r1 sends 10.0.0.0/24");
    }

    @Test
    void aReadyClusterWhoseGatewayIsDownIsResizing() {
        VirtualCluster vc = virtualCluster();
        vc.setStatus(ready(vc));

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(vc, CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(25), List.of(), "Unrestricted", java.util.Map.of(), false).network(List.of(), List.of(), List.of(), List.of())
                .gateway("vc1-gateway", 3, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Resizing);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("Starting");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("0 of 3 gateway replicas ready.");
    }

    @Test
    void theZoneOfAnUnreconciledClusterIsNotHosting() {
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(virtualCluster())).isEqualTo("it has not been reconciled yet.");
        VirtualCluster noZone = withStatus(virtualCluster(), new VirtualClusterStatus());
        assertThat(VirtualClusterStatusAggregator.whyNotHosting(noZone)).isEqualTo("its DNS zone is not assigned yet.");
    }

    @Test
    void aKeptZoneSurvivesAReconcileThatDoesNotSetIt() {
        VirtualCluster vc = virtualCluster();
        vc.setStatus(ready(vc));

        VirtualClusterStatus status = new VirtualClusterStatusAggregator(vc, CLOCK).duplicateOf(virtualCluster("vc0", "10.9.0.0/24")).build();

        assertThat(status.getDnsZone()).isEqualTo(ZONE);
    }

    @Test
    void readyFalseNamesWhatTheClusterWaitsFor() {
        VirtualClusterStatus status = new VirtualClusterStatusAggregator(virtualCluster(), CLOCK).accepted().dnsZone(ZONE, "g")
                .capacity(plan(1), List.of(), "Unrestricted", java.util.Map.of(), false)
                .network(List.of(), List.of("rule allow_ping: NetworkPolicy cannot match ICMP; the rule is listed but not enforced"),
                        List.of(), List.of())
                .gateway("vc1-gateway", 2, gatewayService(), gatewayDeployment(0)).build();

        assertThat(status.getState()).isEqualTo(VirtualClusterState.Creating);
        assertThat(status.getConditions().get(0).getReason()).isEqualTo("Starting");
        assertThat(status.getConditions().get(0).getMessage()).isEqualTo("0 of 2 gateway replicas ready.");
    }

    static VirtualCluster withStatus(VirtualCluster vc, VirtualClusterStatus status) {
        vc.setStatus(status);
        return vc;
    }

    /** A plan admitting n General Purpose instances in one VM group of a /24. */
    static io.sqlmi.operator.capacity.CapacityPlan plan(int instances) {
        var demands = java.util.stream.IntStream.range(0, instances).mapToObj(i -> new io.sqlmi.operator.capacity.InstanceDemand(
                "mi" + i, "2026-01-01T00:00:0" + (i % 10) + "Z", "standardseries-systemdefault",
                io.sqlmi.operator.crds.v1alpha1.Tier.GeneralPurpose, 4, false, false)).toList();
        return new io.sqlmi.operator.capacity.CapacityPlanner(64).plan("10.0.0.0/24", demands);
    }
}
