package io.sqlmi.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointState;
import io.sqlmi.operator.crds.v1alpha1.EndpointStatus;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsRecordsTest {

    static final String SUFFIX = "database.windows.net";
    static final String ZONE = "a1b2c3d4e5f6";
    static final String RECORDS = "sqlmi-system";

    static Endpoint endpoint(String name, String namespace, EndpointType type, String host, String address,
                             EndpointState state, String created) {
        Endpoint endpoint = Fixtures.endpoint(name, namespace, type, "mi1", null);
        endpoint.getMetadata().setCreationTimestamp(created);
        EndpointStatus status = new EndpointStatus();
        status.setHost(host);
        status.setAddress(address);
        status.setState(state);
        endpoint.setStatus(status);
        return endpoint;
    }

    static Endpoint vnetLocal(String mi, String zone, String address) {
        return endpoint(mi + "-vnet-local", "subnet-a", EndpointType.VNetLocal, mi + "." + zone + "." + SUFFIX, address,
                EndpointState.Ready, "2026-01-01T00:00:00Z");
    }

    @Test
    void everyKindOfHostNameGetsARecordInTheServiceOfItsZoneAndKind() {
        List<DnsRecords.DnsRecord> records = DnsRecords.desired(List.of(
                vnetLocal("mi1", ZONE, "10.0.0.4"),
                endpoint("mi1-public", "subnet-a", EndpointType.Public, "mi1.public." + ZONE + "." + SUFFIX, "198.18.0.1",
                        EndpointState.Ready, "2026-01-01T00:00:00Z"),
                endpoint("mi1-pe", "vnet-b", EndpointType.Private, "mi1.privatelink." + ZONE + "." + SUFFIX, "10.96.7.7",
                        EndpointState.Approved, "2026-01-01T00:00:00Z")), SUFFIX);

        assertThat(records).extracting(DnsRecords.DnsRecord::serviceName, DnsRecords.DnsRecord::sliceName,
                        DnsRecords.DnsRecord::instance, DnsRecords.DnsRecord::address, DnsRecords.DnsRecord::port)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("v-" + ZONE, "v-" + ZONE + "-mi1", "mi1", "10.0.0.4", 1433),
                        org.assertj.core.groups.Tuple.tuple("p-" + ZONE, "p-" + ZONE + "-mi1", "mi1", "198.18.0.1", 3342),
                        org.assertj.core.groups.Tuple.tuple("l-" + ZONE, "l-" + ZONE + "-mi1", "mi1", "10.96.7.7", 1433));
    }

    static Service engineService(String name, String host, String clusterIp) {
        return new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace("subnet-a").addToAnnotations("sqlmi.io/host", host).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).addNewPort().withName("tds").withPort(1433).endPort()
                .addNewPort().withName("redirect").withPort(11004).endPort().endSpec().build();
    }

    @Test
    void theReplicasRedirectHostNamesResolveToTheirEngineServicesInTheZonesOwnRecordServices() {
        List<DnsRecords.DnsRecord> records = DnsRecords.desired(List.of(vnetLocal("mi1", ZONE, "10.0.0.4")), List.of(
                engineService("mi1-primary", "mi1.primary." + ZONE + "." + SUFFIX, "10.96.1.1"),
                engineService("mi1-secondary", "mi1.secondary." + ZONE + "." + SUFFIX, "10.96.1.2"),
                engineService("mi2-primary", "mi2.primary." + ZONE + "." + SUFFIX, "None"),
                engineService("mi3-primary", "mi3.elsewhere." + ZONE + "." + SUFFIX, "10.96.1.3")), SUFFIX);

        assertThat(records).extracting(DnsRecords.DnsRecord::serviceName, DnsRecords.DnsRecord::sliceName,
                        DnsRecords.DnsRecord::instance, DnsRecords.DnsRecord::address, DnsRecords.DnsRecord::port)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("v-" + ZONE, "v-" + ZONE + "-mi1", "mi1", "10.0.0.4", 1433),
                        org.assertj.core.groups.Tuple.tuple("r-" + ZONE, "r-" + ZONE + "-mi1", "mi1", "10.96.1.1", 11004),
                        org.assertj.core.groups.Tuple.tuple("s-" + ZONE, "s-" + ZONE + "-mi1", "mi1", "10.96.1.2", 11004));
        EndpointSlice primary = DnsRecords.slice(RECORDS, records.stream().filter(r -> r.kind().equals("r")).findFirst().orElseThrow());
        assertThat(primary.getMetadata().getAnnotations()).containsEntry("sqlmi.io/service", "subnet-a/mi1-primary")
                .containsEntry("sqlmi.io/host", "mi1.primary." + ZONE + "." + SUFFIX).doesNotContainKey("sqlmi.io/endpoint");
    }

    @Test
    void anEndpointWithoutAddressOrFailedOrDisconnectedHasNoRecord() {
        assertThat(DnsRecords.desired(List.of(
                vnetLocal("mi1", ZONE, null),
                endpoint("mi2-public", "subnet-a", EndpointType.Public, "mi2.public." + ZONE + "." + SUFFIX, "198.18.0.1",
                        EndpointState.Failed, null),
                endpoint("mi3-pe", "vnet-b", EndpointType.Private, "mi3.privatelink." + ZONE + "." + SUFFIX, "10.96.7.7",
                        EndpointState.Disconnected, null),
                endpoint("x", "subnet-a", EndpointType.VNetLocal, "mi4." + ZONE + ".example.org", "10.0.0.4",
                        EndpointState.Ready, null)), SUFFIX)).isEmpty();
    }

    @Test
    void zonePartnersShareTheZonesServiceWithASliceForEachInstance() {
        Endpoint a = vnetLocal("mi-a", ZONE, "10.0.0.4");
        Endpoint b = vnetLocal("mi-b", ZONE, "10.1.0.4");
        b.getMetadata().setNamespace("subnet-b");

        List<DnsRecords.DnsRecord> records = DnsRecords.desired(List.of(a, b), SUFFIX);
        DnsRecords.Changes changes = DnsRecords.changes(RECORDS, records, List.of(), List.of());

        assertThat(changes.servicesToApply()).extracting(s -> s.getMetadata().getName()).containsExactly("v-" + ZONE);
        assertThat(changes.slicesToApply()).extracting(s -> s.getMetadata().getName(),
                        s -> s.getEndpoints().get(0).getHostname(), s -> s.getEndpoints().get(0).getAddresses().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v-" + ZONE + "-mi-a", "mi-a", "10.0.0.4"),
                        org.assertj.core.groups.Tuple.tuple("v-" + ZONE + "-mi-b", "mi-b", "10.1.0.4"));
    }

    @Test
    void twoEndpointsClaimingOneHostNameLeaveItToTheOlder() {
        Endpoint older = endpoint("pe-1", "vnet-b", EndpointType.Private, "mi1.privatelink." + ZONE + "." + SUFFIX,
                "10.96.7.7", EndpointState.Approved, "2026-01-01T00:00:00Z");
        Endpoint younger = endpoint("pe-2", "vnet-c", EndpointType.Private, "mi1.privatelink." + ZONE + "." + SUFFIX,
                "10.96.8.8", EndpointState.Approved, "2026-01-02T00:00:00Z");

        assertThat(DnsRecords.desired(List.of(younger, older), SUFFIX)).singleElement()
                .satisfies(r -> assertThat(r.address()).isEqualTo("10.96.7.7"));
    }

    @Test
    void recordsAsTheyExistWriteNothingAndAMovedAddressRewritesOnlyItsSlice() {
        List<DnsRecords.DnsRecord> records = DnsRecords.desired(List.of(vnetLocal("mi1", ZONE, "10.0.0.4"),
                vnetLocal("mi2", ZONE, "10.0.0.4")), SUFFIX);
        List<Service> services = List.of(DnsRecords.service(RECORDS, "v-" + ZONE, 1433));
        List<EndpointSlice> slices = records.stream().map(r -> DnsRecords.slice(RECORDS, r)).toList();

        assertThat(DnsRecords.changes(RECORDS, records, services, slices).isEmpty()).isTrue();

        List<DnsRecords.DnsRecord> moved = DnsRecords.desired(List.of(vnetLocal("mi1", ZONE, "10.0.0.4"),
                vnetLocal("mi2", ZONE, "10.9.0.4")), SUFFIX);
        DnsRecords.Changes changes = DnsRecords.changes(RECORDS, moved, services, slices);
        assertThat(changes.servicesToApply()).isEmpty();
        assertThat(changes.slicesToApply()).extracting(s -> s.getMetadata().getName()).containsExactly("v-" + ZONE + "-mi2");
    }

    @Test
    void aRecordNoEndpointAsksForIsDeletedAndItsZoneServiceWithTheLastOne() {
        List<DnsRecords.DnsRecord> before = DnsRecords.desired(List.of(vnetLocal("mi1", ZONE, "10.0.0.4")), SUFFIX);
        List<Service> services = List.of(DnsRecords.service(RECORDS, "v-" + ZONE, 1433));
        List<EndpointSlice> slices = before.stream().map(r -> DnsRecords.slice(RECORDS, r)).toList();

        DnsRecords.Changes changes = DnsRecords.changes(RECORDS, List.of(), services, slices);

        assertThat(changes.slicesToDelete()).containsExactly("v-" + ZONE + "-mi1");
        assertThat(changes.servicesToDelete()).containsExactly("v-" + ZONE);
    }

    @Test
    void aRecordIsASelectorlessHeadlessServiceAndASliceNamingTheInstanceAsHostname() {
        DnsRecords.DnsRecord record = DnsRecords.desired(List.of(vnetLocal("mi1", ZONE, "10.0.0.4")), SUFFIX).get(0);

        Service service = DnsRecords.service(RECORDS, record.serviceName(), record.port());
        EndpointSlice slice = DnsRecords.slice(RECORDS, record);

        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "v-" + ZONE)
                .containsEntry("endpointslice.kubernetes.io/managed-by", "sqlmi-operator.sqlmi.io");
        assertThat(slice.getMetadata().getAnnotations()).containsEntry("sqlmi.io/host", "mi1." + ZONE + "." + SUFFIX)
                .containsEntry("sqlmi.io/endpoint", "subnet-a/mi1-vnet-local");
        assertThat(slice.getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getHostname()).isEqualTo("mi1");
            assertThat(e.getAddresses()).containsExactly("10.0.0.4");
            assertThat(e.getConditions().getReady()).isTrue();
        });
    }
}
