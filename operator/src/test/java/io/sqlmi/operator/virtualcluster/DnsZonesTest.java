package io.sqlmi.operator.virtualcluster;

import static org.assertj.core.api.Assertions.assertThat;

import static io.sqlmi.operator.testing.Fixtures.virtualCluster;

import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterReference;
import io.sqlmi.operator.crds.v1alpha1.VirtualClusterStatus;
import io.sqlmi.operator.gateway.RoutingTable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsZonesTest {

    @Test
    void generatedZonesAreTwelveLowercaseHexCharactersAndDistinct() {
        Set<String> zones = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String zone = DnsZones.generate();
            assertThat(zone).matches("^[0-9a-f]{12}$");
            assertThat(DnsZones.isValid(zone)).isTrue();
            zones.add(zone);
        }
        assertThat(zones).hasSize(2000);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "A1B2C3D4E5F6", "a1b2c3d4e5f", "a1b2c3d4e5f60", "g1b2c3d4e5f6", "a1b2c3d4e5f6\n"})
    void anythingElseIsNotAZone(String zone) {
        assertThat(DnsZones.isValid(zone)).isFalse();
    }

    static final String ZONE = "a1b2c3d4e5f6";
    static final String OTHER = "0f1e2d3c4b5a";

    static VirtualCluster withZone(VirtualCluster vc, String zone) {
        VirtualClusterStatus status = new VirtualClusterStatus();
        status.setDnsZone(zone);
        vc.setStatus(status);
        return vc;
    }

    static VirtualCluster withPartner(VirtualCluster vc, String name, String namespace) {
        VirtualClusterReference ref = new VirtualClusterReference();
        ref.setName(name);
        ref.setNamespace(namespace);
        vc.getSpec().setDnsZonePartner(ref);
        return vc;
    }

    @Test
    void aZoneInStatusIsKept() {
        assertThat(DnsZones.choose(withZone(virtualCluster(), ZONE), new RoutingTable("vc1", OTHER, "x", List.of()), null))
                .isEqualTo(new DnsZones.Assigned(ZONE, "generated when the cluster was created"));
        assertThat(DnsZones.choose(withPartner(withZone(virtualCluster(), ZONE), "vc0", null), null, null))
                .isEqualTo(new DnsZones.Assigned(ZONE, "shared with the partner cluster"));
    }

    @Test
    void aLostStatusRecoversTheZoneFromTheRoutingTable() {
        assertThat(DnsZones.choose(virtualCluster(), new RoutingTable("vc1", OTHER, "database.windows.net", List.of()), null))
                .isEqualTo(new DnsZones.Assigned(OTHER, "recovered from the gateway's routing table"));
    }

    @Test
    void aClusterWithAPartnerSharesItsZoneOnceThePartnerHasOne() {
        VirtualCluster partner = withZone(virtualCluster("vc0", "10.9.0.0/24"), OTHER);
        VirtualCluster vc = withPartner(virtualCluster(), "vc0", "other-subnet");

        assertThat(DnsZones.choose(vc, null, partner))
                .isEqualTo(new DnsZones.Assigned(OTHER, "shared with the partner cluster other-subnet/vc0"));
        assertThat(DnsZones.choose(vc, null, virtualCluster("vc0", "10.9.0.0/24")))
                .isEqualTo(new DnsZones.WaitingForPartner("other-subnet/vc0", true));
        assertThat(DnsZones.choose(vc, null, null)).isEqualTo(new DnsZones.WaitingForPartner("other-subnet/vc0", false));
    }

    @Test
    void aPartnerWithoutANamespaceIsInTheClustersOwn() {
        VirtualCluster vc = withPartner(virtualCluster(), "vc0", null);
        VirtualCluster partner = virtualCluster("vc0", "10.9.0.0/24");

        assertThat(DnsZones.partnerNamespace(vc)).isEqualTo("sqlmi-subnet-a");
        assertThat(DnsZones.isPartnerOf(partner, vc)).isTrue();
        assertThat(DnsZones.isPartnerOf(partner, virtualCluster())).isFalse();
        assertThat(DnsZones.isPartnerOf(partner, withPartner(virtualCluster(), "vc0", "elsewhere"))).isFalse();
    }

    @Test
    void aNewClusterWithoutAPartnerGetsAGeneratedZone() {
        DnsZones.Choice choice = DnsZones.choose(virtualCluster(), null, null);

        assertThat(choice).isInstanceOfSatisfying(DnsZones.Assigned.class, assigned -> {
            assertThat(DnsZones.isValid(assigned.zone())).isTrue();
            assertThat(assigned.source()).isEqualTo("generated when the cluster was created");
        });
    }
}
