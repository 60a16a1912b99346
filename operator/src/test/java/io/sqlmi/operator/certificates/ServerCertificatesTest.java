package io.sqlmi.operator.certificates;

import static io.sqlmi.operator.testing.Fixtures.virtualCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCertificatesTest {

    static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    final VirtualCluster vc = virtualCluster();
    final IssuedCertificate ca = Pki.newAuthority("test CA", Duration.ofDays(3650), NOW);
    final Authority authority = new Authority(ca.certificatePem(), ca);
    final CertificatePlan plan = CertificatePlan.gateway("vc1", "a1b2c3d4e5f6", "database.windows.net", Duration.ofDays(90));

    @Test
    void aSecretWhoseCertificateStillFitsIsRebuiltWithTheSameBytesSoNothingIsWritten() {
        Secret first = TlsSecrets.server(vc, "vc1-gateway-tls", TlsSecrets.GATEWAY_COMPONENT,
                ServerCertificates.keepOrIssue(plan, null, authority, NOW), ca.certificatePem());

        Secret again = TlsSecrets.server(vc, "vc1-gateway-tls", TlsSecrets.GATEWAY_COMPONENT,
                ServerCertificates.keepOrIssue(plan, first, authority, NOW.plus(Duration.ofDays(10))), ca.certificatePem());

        assertThat(again.getData()).isEqualTo(first.getData());
        assertThat(first.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(first.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(first.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "gateway-tls")
                .containsEntry(Labels.VIRTUAL_CLUSTER, "vc1");
        assertThat(TlsSecrets.text(first, "ca.crt")).isEqualTo(ca.certificatePem());
    }

    @Test
    void aCertificateDueForRenewalIsReplacedAndTheReconcilerIsToldWhenThatIs() {
        Secret first = TlsSecrets.server(vc, "vc1-gateway-tls", TlsSecrets.GATEWAY_COMPONENT,
                ServerCertificates.keepOrIssue(plan, null, authority, NOW), ca.certificatePem());

        assertThat(ServerCertificates.untilRenewal(first, NOW)).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofDays(59), Duration.ofDays(61)));
        Instant late = NOW.plus(Duration.ofDays(61));
        assertThat(ServerCertificates.untilRenewal(first, late)).as("overdue: at once").hasValue(Duration.ofSeconds(1));
        Secret renewed = TlsSecrets.server(vc, "vc1-gateway-tls", TlsSecrets.GATEWAY_COMPONENT,
                ServerCertificates.keepOrIssue(plan, first, authority, late), ca.certificatePem());
        assertThat(renewed.getData().get("tls.crt")).isNotEqualTo(first.getData().get("tls.crt"));
        assertThat(Pki.certificate(TlsSecrets.text(renewed, "tls.crt")).getNotAfter().toInstant())
                .isEqualTo(late.plus(Duration.ofDays(90)));
        assertThat(ServerCertificates.untilRenewal(null, NOW)).isEmpty();
    }

    /** The certificate works in a real TLS handshake: a client trusting only the CA checks the instance's host name. */
    @Test
    void aClientTrustingOnlyTheCaAcceptsTheGatewayCertificateForAnInstanceHostName() throws Exception {
        IssuedCertificate issued = Pki.issue(ca, plan, Instant.now().minusSeconds(60));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("gateway", Pki.privateKey(issued.privateKeyPem()), "x".toCharArray(),
                new Certificate[] {Pki.certificate(issued.certificatePem())});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("JKS");
        trust.load(new java.io.ByteArrayInputStream(TrustStores.jks(ca.certificatePem())), null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                        accepted.startHandshake();
                        accepted.getOutputStream().write(1);
                    } catch (Exception e) {
                        // closed, or a refused handshake: the client's side reports the outcome
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String host : List.of("mi1.a1b2c3d4e5f6.database.windows.net", "mi2.public.a1b2c3d4e5f6.database.windows.net",
                    "mi1.privatelink.a1b2c3d4e5f6.database.windows.net")) {
                SSLContext client = SSLContext.getInstance("TLS");
                client.init(null, tmf.getTrustManagers(), null);
                try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    parameters.setServerNames(List.of(new SNIHostName(host)));
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    assertThat(socket.getInputStream().read()).as(host).isEqualTo(1);
                }
            }
            // A fresh context: the first one would resume its session and skip the check.
            SSLContext fresh = SSLContext.getInstance("TLS");
            fresh.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) fresh.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName("mi1.0123456789ab.database.windows.net")));
                socket.setSSLParameters(parameters);
                assertThatThrownBy(socket::startHandshake).as("another zone's name").isInstanceOf(javax.net.ssl.SSLException.class);
            }
        }
    }
}
