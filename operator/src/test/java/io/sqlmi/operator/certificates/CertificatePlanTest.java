package io.sqlmi.operator.certificates;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static io.sqlmi.operator.testing.Fixtures.withRedirectPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.Tier;
import io.sqlmi.operator.gateway.RoutingTable;
import io.sqlmi.operator.gateway.RoutingTableBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatePlanTest {

    static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    static final String ZONE = "a1b2c3d4e5f6";
    static final String SUFFIX = "database.windows.net";
    static final IssuedCertificate CA = Pki.newAuthority("test CA", Duration.ofDays(3650), NOW);

    @Test
    void theGatewayCertificateNamesTheThreeWildcardsOfTheZone() {
        CertificatePlan plan = CertificatePlan.gateway("vc1", ZONE, SUFFIX, Duration.ofDays(90));

        assertThat(plan.dnsNames()).containsExactlyInAnyOrder("*.a1b2c3d4e5f6.database.windows.net",
                "*.public.a1b2c3d4e5f6.database.windows.net", "*.privatelink.a1b2c3d4e5f6.database.windows.net");
        assertThat(plan.commonName()).isEqualTo("vc1 gateway");
    }

    @Test
    void theEngineCertificateNamesTheHostsTheRoutingTableRedirectsAndProxiesToTheReplicasAndTheZoneWildcard() {
        ManagedInstance mi = withRedirectPort(managedInstance("mi1", Tier.BusinessCritical), 11000);
        RoutingTable table = RoutingTableBuilder.build(virtualCluster(), ZONE, SUFFIX, "cluster.local", List.of(mi), List.of());

        CertificatePlan plan = CertificatePlan.engine(mi, "mi1." + ZONE + "." + SUFFIX, "cluster.local", Duration.ofDays(90));

        var route = table.instances().get(0);
        assertThat(plan.dnsNames()).contains(route.redirect().host(), route.engine().host(),
                        route.readableSecondary().redirect().host(), route.readableSecondary().engine().host())
                .contains("mi1.primary.a1b2c3d4e5f6.database.windows.net", "mi1.secondary.a1b2c3d4e5f6.database.windows.net",
                        "*.primary.a1b2c3d4e5f6.database.windows.net", "*.secondary.a1b2c3d4e5f6.database.windows.net",
                        "mi1-primary.sqlmi-subnet-a.svc.cluster.local", "mi1-primary.sqlmi-subnet-a.svc",
                        "*.a1b2c3d4e5f6.database.windows.net",
                        "mi1-0.mi1-engine.sqlmi-subnet-a.svc.cluster.local", "mi1-3.mi1-engine.sqlmi-subnet-a.svc.cluster.local")
                .as("no other zone's names, no other instance's").allMatch(n -> !n.contains("public") && !n.contains("mi2"));
    }

    @Test
    void anIssuedCertificateChainsToTheCaAndIsAServerCertificateForExactlyThePlannedNames() throws Exception {
        CertificatePlan plan = CertificatePlan.gateway("vc1", ZONE, SUFFIX, Duration.ofDays(90));

        IssuedCertificate issued = Pki.issue(CA, plan, NOW);

        X509Certificate leaf = Pki.certificate(issued.certificatePem());
        X509Certificate ca = Pki.certificate(CA.certificatePem());
        assertThat(Pki.isSignedBy(leaf, ca)).isTrue();
        assertThat(Pki.dnsNames(leaf)).containsExactlyInAnyOrderElementsOf(plan.dnsNames());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(ca.getBasicConstraints()).as("a CA that signs server certificates only").isZero();
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(leaf.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(Pki.privateKey(issued.privateKeyPem()).getAlgorithm()).isEqualTo("EC");
        assertThat(issued.toString()).as("keys stay out of logs").doesNotContain("PRIVATE");
    }

    @Test
    void aFittingCertificateIsKeptUntilTwoThirdsOfItsLifetimeHavePassed() {
        CertificatePlan plan = CertificatePlan.gateway("vc1", ZONE, SUFFIX, Duration.ofDays(90));
        IssuedCertificate issued = Pki.issue(CA, plan, NOW);
        X509Certificate ca = Pki.certificate(CA.certificatePem());
        Instant renewal = CertificatePlan.renewalTime(Pki.certificate(issued.certificatePem()));

        assertThat(renewal).isBetween(NOW.plus(Duration.ofDays(59)), NOW.plus(Duration.ofDays(61)));
        assertThat(plan.reissueReason(issued.certificatePem(), issued.privateKeyPem(), ca, NOW.plus(Duration.ofDays(30))))
                .isEmpty();
        assertThat(plan.reissueReason(issued.certificatePem(), issued.privateKeyPem(), ca, renewal))
                .hasValueSatisfying(reason -> assertThat(reason).contains("due for renewal"));
    }

    @Test
    void aCertificateIsIssuedAgainForOtherNamesAnotherCaOrWhenItCannotBeRead() {
        CertificatePlan plan = CertificatePlan.gateway("vc1", ZONE, SUFFIX, Duration.ofDays(90));
        X509Certificate ca = Pki.certificate(CA.certificatePem());
        IssuedCertificate otherZone = Pki.issue(CA, CertificatePlan.gateway("vc1", "0123456789ab", SUFFIX, Duration.ofDays(90)), NOW);
        IssuedCertificate otherCa = Pki.issue(Pki.newAuthority("another CA", Duration.ofDays(10), NOW), plan, NOW);

        assertThat(plan.reissueReason(otherZone.certificatePem(), otherZone.privateKeyPem(), ca, NOW))
                .hasValueSatisfying(reason -> assertThat(reason).contains("differ"));
        assertThat(plan.reissueReason(otherCa.certificatePem(), otherCa.privateKeyPem(), ca, NOW))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not issued by the current CA"));
        assertThat(plan.reissueReason("garbage", "garbage", ca, NOW))
                .hasValueSatisfying(reason -> assertThat(reason).contains("cannot be read"));
        assertThat(plan.reissueReason(null, null, ca, NOW)).hasValue("no certificate yet");
    }

    @Test
    void aLongCommonNameIsCutToWhatX509Allows() {
        CertificatePlan plan = new CertificatePlan("x".repeat(100), List.of("b", "a", "a"), Duration.ofDays(1));

        assertThat(plan.commonName()).hasSize(64);
        assertThat(plan.dnsNames()).containsExactly("a", "b");
    }
}
