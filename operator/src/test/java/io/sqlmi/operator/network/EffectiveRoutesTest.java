package io.sqlmi.operator.network;

import static io.sqlmi.operator.testing.Fixtures.route;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withArchitecture;
import static io.sqlmi.operator.testing.Fixtures.withRoutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sqlmi.operator.crds.v1alpha1.Architecture;
import io.sqlmi.operator.crds.v1alpha1.EffectiveRoute;
import io.sqlmi.operator.crds.v1alpha1.Route;
import io.sqlmi.operator.crds.v1alpha1.Route.NextHopType;
import io.sqlmi.operator.crds.v1alpha1.RuleOrigin;
import org.junit.jupiter.api.Test;

/** Routes against seed-connectivity-architecture.md, "Mandatory routes with service-aided subnet configuration". */
class EffectiveRoutesTest {

    static final String P = "Microsoft.Sql-managedInstances_UseOnly_mi-";

    @Test
    void currentArchitectureHasFiveMandatoryRoutesWithTheSubnetRouteToVnetLocal() {
        var result = EffectiveRoutes.of(virtualCluster("vc1", "10.0.0.0/24").getSpec());

        assertThat(result.conflicts()).isEmpty();
        assertThat(result.routes()).extracting(EffectiveRoute::getName, EffectiveRoute::getOrigin,
                        EffectiveRoute::getAddressPrefix, EffectiveRoute::getNextHopType)
                .containsExactly(
                        tuple(P + "AzureActiveDirectory", RuleOrigin.Mandatory, "AzureActiveDirectory", NextHopType.Internet),
                        tuple(P + "OneDsCollector", RuleOrigin.Mandatory, "OneDsCollector", NextHopType.Internet),
                        tuple(P + "Storage.primaryRegion", RuleOrigin.Mandatory, "Storage.primaryRegion", NextHopType.Internet),
                        tuple(P + "Storage.secondaryRegion", RuleOrigin.Mandatory, "Storage.secondaryRegion", NextHopType.Internet),
                        tuple(P + "subnet-10-0-0-0-24-to-vnetlocal", RuleOrigin.Mandatory, "10.0.0.0/24", NextHopType.VnetLocal));
    }

    @Test
    void theSubnetRouteFollowsTheSubnetPrefix() {
        var result = EffectiveRoutes.of(virtualCluster("vc1", "172.20.16.0/20").getSpec());

        assertThat(result.routes()).filteredOn(r -> r.getNextHopType() == NextHopType.VnetLocal).singleElement()
                .extracting(EffectiveRoute::getName, EffectiveRoute::getAddressPrefix)
                .containsExactly(P + "subnet-172-20-16-0-20-to-vnetlocal", "172.20.16.0/20");
    }

    @Test
    void beforeNovember2022HasThirteenMandatoryRoutes() {
        var result = EffectiveRoutes.of(withArchitecture(virtualCluster(), Architecture.BeforeNovember2022).getSpec());

        assertThat(result.routes()).hasSize(13).allMatch(r -> r.getOrigin() == RuleOrigin.Mandatory);
        assertThat(result.routes()).extracting(EffectiveRoute::getAddressPrefix).contains("10.0.0.0/24", "AzureCloud.REGION",
                "AzureCloud.REGION_PAIR", "AzureMonitor", "CorpNetPublic", "CorpNetSaw", "EventHub.REGION", "EventHub.REGION_PAIR",
                "SqlManagement", "Storage", "Storage.REGION", "Storage.REGION_PAIR", "AzureActiveDirectory");
        assertThat(result.routes()).filteredOn(r -> !r.getAddressPrefix().equals("10.0.0.0/24"))
                .allMatch(r -> r.getNextHopType() == NextHopType.Internet);
        assertThat(result.routes()).extracting(EffectiveRoute::getName).contains(P + "mi-sqlmanagement-internet");
    }

    @Test
    void userRoutesFollowTheMandatoryOnesWithTheirNextHop() {
        Route appliance = route("via-firewall", "192.168.0.0/16", NextHopType.VirtualAppliance);
        appliance.setNextHopIpAddress("10.1.0.4");
        var vc = withRoutes(virtualCluster(), route("to-onprem", "172.16.0.0/12", NextHopType.VirtualNetworkGateway), appliance);

        var result = EffectiveRoutes.of(vc.getSpec());

        assertThat(result.conflicts()).isEmpty();
        assertThat(result.routes()).hasSize(7);
        assertThat(result.routes().subList(5, 7)).extracting(EffectiveRoute::getName, EffectiveRoute::getOrigin,
                        EffectiveRoute::getAddressPrefix, EffectiveRoute::getNextHopType, EffectiveRoute::getNextHopIpAddress)
                .containsExactly(tuple("to-onprem", RuleOrigin.User, "172.16.0.0/12", NextHopType.VirtualNetworkGateway, null),
                        tuple("via-firewall", RuleOrigin.User, "192.168.0.0/16", NextHopType.VirtualAppliance, "10.1.0.4"));
    }

    @Test
    void aUserRouteThatSendsTheSubnetElsewhereIsAConflictNamingBothRoutes() {
        Route hijack = route("subnet-via-nva", "10.0.0.0/24", NextHopType.VirtualAppliance);
        hijack.setNextHopIpAddress("10.1.0.4");

        var result = EffectiveRoutes.of(withRoutes(virtualCluster(), hijack).getSpec());

        assertThat(result.conflicts()).singleElement().asString()
                .contains("subnet-via-nva").contains("10.0.0.0/24").contains("VirtualAppliance")
                .contains(P + "subnet-10-0-0-0-24-to-vnetlocal").contains("VnetLocal").contains("remove or change subnet-via-nva");
        assertThat(result.routes()).as("both stay listed").hasSize(6);
    }

    @Test
    void aUserRouteThatSendsAMandatoryServiceTagElsewhereIsAConflict() {
        var result = EffectiveRoutes.of(withRoutes(virtualCluster(),
                route("aad-via-onprem", "AzureActiveDirectory", NextHopType.VirtualNetworkGateway)).getSpec());

        assertThat(result.conflicts()).singleElement().asString().contains("aad-via-onprem").contains(P + "AzureActiveDirectory");
    }

    @Test
    void aUserRouteRepeatingAMandatoryRouteIsNoConflict() {
        var result = EffectiveRoutes.of(withRoutes(virtualCluster(),
                route("aad-internet", "AzureActiveDirectory", NextHopType.Internet)).getSpec());

        assertThat(result.conflicts()).isEmpty();
    }
}
