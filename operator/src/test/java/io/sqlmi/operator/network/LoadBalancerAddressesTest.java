package io.sqlmi.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadBalancerAddressesTest {

    static Service service(String uid, String created, String type, String loadBalancerClass, String ip) {
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withName("s-" + uid).withUid(uid)
                .withCreationTimestamp(created).endMetadata()
                .withNewSpec().withType(type).withLoadBalancerClass(loadBalancerClass).endSpec();
        if (ip != null) {
            builder.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus();
        }
        return builder.build();
    }

    @Test
    void theInternalLoadBalancerTakesTheFirstAddressAzureDoesNotReserve() {
        assertThat(LoadBalancerAddresses.internalLoadBalancer("10.0.0.0/24")).isEqualTo("10.0.0.4");
        assertThat(LoadBalancerAddresses.internalLoadBalancer("10.30.0.32/27")).isEqualTo("10.30.0.36");
        assertThat(LoadBalancerAddresses.internalLoadBalancer("10.64.0.0/16")).isEqualTo("10.64.0.4");
        assertThatThrownBy(() -> LoadBalancerAddresses.internalLoadBalancer("10.0.0.0/30"))
                .hasMessageContaining("no address left");
    }

    @Test
    void aPublicServiceKeepsTheAddressItHoldsAcrossRestarts() {
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/24", "198.18.0.7", Set.of("198.18.0.1"))).hasValue("198.18.0.7");
    }

    @Test
    void aNewPublicServiceGetsTheLowestFreeAddressNeitherNetworkNorBroadcast() {
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/24", null, Set.of())).hasValue("198.18.0.1");
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/24", null, Set.of("198.18.0.1", "198.18.0.2"))).hasValue("198.18.0.3");
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/24", "203.0.113.9", Set.of()))
                .as("an address outside the pool is replaced").hasValue("198.18.0.1");
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/24", "198.18.0.0", Set.of()))
                .as("the network address is never handed out").hasValue("198.18.0.1");
    }

    @Test
    void anExhaustedPoolHandsOutNothing() {
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/30", null, Set.of("198.18.0.1", "198.18.0.2"))).isEmpty();
        assertThat(LoadBalancerAddresses.poolSize("198.18.0.0/30")).isEqualTo(2);
    }

    @Test
    void twoServicesShowingOneAddressLeaveItToTheOlder() {
        Service older = service("a", "2026-01-01T00:00:00Z", "LoadBalancer", "sqlmi.io/public", "198.18.0.5");
        Service younger = service("b", "2026-01-02T00:00:00Z", "LoadBalancer", "sqlmi.io/public", "198.18.0.5");
        List<Service> all = List.of(older, younger);

        assertThat(LoadBalancerAddresses.takenByOthers(older, all)).isEmpty();
        assertThat(LoadBalancerAddresses.takenByOthers(younger, all)).containsExactly("198.18.0.5");
        assertThat(LoadBalancerAddresses.fromPool("198.18.0.0/24", "198.18.0.5", LoadBalancerAddresses.takenByOthers(younger, all)))
                .hasValue("198.18.0.1");
    }

    @Test
    void onlyALoadBalancerOfAnotherClassMustBeCreatedAnew() {
        Service desired = service("a", null, "LoadBalancer", "sqlmi.io/public", null);
        assertThat(LoadBalancerAddresses.mustRecreate(service("a", null, "LoadBalancer", null, "172.18.0.1"), desired))
                .as("a LoadBalancer created before the class").isTrue();
        assertThat(LoadBalancerAddresses.mustRecreate(service("a", null, "ClusterIP", null, null), desired))
                .as("a ClusterIP Service takes the class in place").isFalse();
        assertThat(LoadBalancerAddresses.mustRecreate(service("a", null, "LoadBalancer", "sqlmi.io/public", null), desired)).isFalse();
    }

    @Test
    void theIngressIpIsReadFromTheStatus() {
        assertThat(LoadBalancerAddresses.ingressIp(service("a", null, "LoadBalancer", "sqlmi.io/subnet", "10.0.0.4"))).isEqualTo("10.0.0.4");
        assertThat(LoadBalancerAddresses.ingressIp(service("a", null, "LoadBalancer", "sqlmi.io/subnet", null))).isNull();
        assertThat(LoadBalancerAddresses.ingressIp(null)).isNull();
    }
}
