package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.TestCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * What a TDS 8.0 client sees of the engine's TLS before any TDS byte: the ALPN protocol, the TLS
 * version, and the certificate (from the mounted files, or self-signed for the instance name).
 */
class TlsIdentityTest {
    private static SSLSocket strictHandshake(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // the test inspects the certificate itself
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"tds/8.0"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    @Test
    void selfSignedCertificateNamesTheInstance() throws Exception {
        try (EngineFixture fixture = EngineFixture.start(Map.of("SQLMI_TLS_CERT_FILE", "", "SQLMI_TLS_KEY_FILE", ""));
             SSLSocket socket = strictHandshake(fixture.port())) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("tds/8.0");
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + EngineFixture.INSTANCE);
            List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
            assertThat(names).contains(EngineFixture.INSTANCE, "localhost");
        }
    }

    /** Issue 14, defect 8: the self-signed certificate names every host a client may be told to validate. */
    @Test
    void selfSignedCertificateCarriesTheHostNamesAClientValidates() throws Exception {
        String host = System.getenv("HOSTNAME") != null && !System.getenv("HOSTNAME").isBlank() ? System.getenv("HOSTNAME")
                : java.net.InetAddress.getLocalHost().getHostName();
        host = host.toLowerCase(java.util.Locale.ROOT);
        try (EngineFixture fixture = EngineFixture.start(Map.of("SQLMI_TLS_CERT_FILE", "", "SQLMI_TLS_KEY_FILE", "",
                "SQLMI_SERVER_NAME", "mi-test.zone1.database.windows.net",
                "SQLMI_TLS_HOST_NAMES", "mi-test-0.mi-test-engine, *.zone1.database.windows.net"));
             SSLSocket socket = strictHandshake(fixture.port())) {
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            List<String> names = certificate.getSubjectAlternativeNames().stream()
                    .filter(name -> (Integer) name.get(0) == 2).map(name -> String.valueOf(name.get(1))).toList();
            assertThat(names).containsExactlyInAnyOrder(EngineFixture.INSTANCE, "mi-test.zone1.database.windows.net",
                    "mi-test-0.mi-test-engine", "*.zone1.database.windows.net", host, "localhost");
            List<String> addresses = certificate.getSubjectAlternativeNames().stream()
                    .filter(name -> (Integer) name.get(0) == 7).map(name -> String.valueOf(name.get(1))).toList();
            assertThat(addresses).contains("127.0.0.1");
        }
    }

    /** A rotated Secret: new sessions get the new certificate without a restart. */
    @Test
    void replacedPemFilesAreServedToNewSessions() throws Exception {
        java.nio.file.Path directory = Files.createTempDirectory("sqlmi-rotate");
        io.sqlmi.engine.tls.ServerCertificate first = io.sqlmi.engine.tls.ServerCertificate.selfSigned(List.of("first"));
        io.sqlmi.engine.tls.ServerCertificate second = io.sqlmi.engine.tls.ServerCertificate.selfSigned(List.of("second"));
        java.nio.file.Path cert = Files.writeString(directory.resolve("tls.crt"), first.certificatePem());
        java.nio.file.Path key = Files.writeString(directory.resolve("tls.key"), first.privateKeyPem());
        try (EngineFixture fixture = EngineFixture.start(Map.of("SQLMI_TLS_CERT_FILE", cert.toString(),
                "SQLMI_TLS_KEY_FILE", key.toString()))) {
            try (SSLSocket socket = strictHandshake(fixture.port())) {
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(first.certificate());
            }
            Files.writeString(key, second.privateKeyPem());
            Files.writeString(cert, second.certificatePem());
            Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            java.security.cert.Certificate served;
            do {
                Thread.sleep(200);
                try (SSLSocket socket = strictHandshake(fixture.port())) {
                    served = socket.getSession().getPeerCertificates()[0];
                }
            } while (!served.equals(second.certificate()) && System.nanoTime() < deadline);
            assertThat(served).isEqualTo(second.certificate());
        }
    }

    /** cert-manager writes RSA keys as PKCS#1 ("RSA PRIVATE KEY") unless told otherwise. */
    @Test
    void pkcs1RsaKeysAreRead() throws Exception {
        io.sqlmi.engine.tls.ServerCertificate made = io.sqlmi.engine.tls.ServerCertificate.selfSigned(List.of("pkcs1"));
        java.io.StringWriter pkcs1 = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pkcs1)) {
            writer.writeObject(made.privateKey());
        }
        assertThat(pkcs1.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        java.nio.file.Path directory = Files.createTempDirectory("sqlmi-pkcs1");
        java.nio.file.Path cert = Files.writeString(directory.resolve("tls.crt"), made.certificatePem());
        java.nio.file.Path key = Files.writeString(directory.resolve("tls.key"), pkcs1.toString());
        try (EngineFixture fixture = EngineFixture.start(Map.of("SQLMI_TLS_CERT_FILE", cert.toString(),
                "SQLMI_TLS_KEY_FILE", key.toString())); SSLSocket socket = strictHandshake(fixture.port())) {
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(made.certificate());
        }
    }

    @Test
    void mountedCertificateIsServed() throws Exception {
        X509Certificate expected;
        try (InputStream in = Files.newInputStream(TestCertificate.certFile())) {
            expected = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        try (EngineFixture fixture = EngineFixture.start(); SSLSocket socket = strictHandshake(fixture.port())) {
            assertThat(List.of(socket.getSession().getPeerCertificates())).first().isEqualTo(expected);
        }
    }
}
