package io.sqlmi.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.gateway.ops.GatewayMetrics;
import io.sqlmi.gateway.support.KubeletVolume;
import io.sqlmi.gateway.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateDirectoryTest {
    private static final String DOMAIN = "0a1b2c3d4e5f.database.windows.net";

    @TempDir
    Path temp;

    private final GatewayMetrics metrics = new GatewayMetrics();

    private Map<String, byte[]> issued(String base, String... names) throws Exception {
        TestPki.Issued certificate = TestPki.shared().issue(temp.resolve("issued-" + System.nanoTime()), base,
                List.of(names));
        Map<String, byte[]> files = new HashMap<>();
        files.put(base + ".crt", Files.readAllBytes(certificate.certFile()));
        files.put(base + ".key", Files.readAllBytes(certificate.keyFile()));
        return files;
    }

    private Map<String, byte[]> threeEndpointKinds() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        files.putAll(issued("vnet-local", "*." + DOMAIN));
        files.putAll(issued("public", "*.public." + DOMAIN));
        files.putAll(issued("privatelink", "*.privatelink." + DOMAIN));
        files.put("ca.crt", Files.readAllBytes(TestPki.shared().caFile()));
        return files;
    }

    @Test
    void everyCertificateWithItsKeyIsLoadedAndTheCaAloneIsNot() throws Exception {
        KubeletVolume volume = new KubeletVolume(temp.resolve("tls"));
        volume.publish(threeEndpointKinds());
        CertificateDirectory directory = new CertificateDirectory(volume.directory(), metrics);
        directory.check(DOMAIN);
        assertThat(directory.identities()).extracting(ServerIdentity::source)
                .containsExactlyInAnyOrder("vnet-local", "public", "privatelink");
        assertThat(metrics.certificateExpiry.value("public")).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void sniPicksTheCertificateOfTheEndpointKindAndNoSniTheListenersOwn() throws Exception {
        KubeletVolume volume = new KubeletVolume(temp.resolve("tls"));
        volume.publish(threeEndpointKinds());
        CertificateDirectory directory = new CertificateDirectory(volume.directory(), metrics);
        directory.check(DOMAIN);
        SniKeyManager tds = new SniKeyManager(directory, () -> "gateway." + DOMAIN);
        SniKeyManager publicListener = new SniKeyManager(directory, () -> "gateway.public." + DOMAIN);
        assertThat(served(tds, "mi1.public." + DOMAIN)).contains("*.public." + DOMAIN);
        assertThat(served(tds, "mi1.privatelink." + DOMAIN)).contains("*.privatelink." + DOMAIN);
        assertThat(served(tds, "mi1." + DOMAIN)).contains("*." + DOMAIN);
        assertThat(served(tds, null)).contains("*." + DOMAIN);
        assertThat(served(publicListener, null)).contains("*.public." + DOMAIN);
    }

    @Test
    void anExactNameIsPreferredToAWildcard() throws Exception {
        Map<String, byte[]> files = threeEndpointKinds();
        files.putAll(issued("mi7", "mi7." + DOMAIN));
        KubeletVolume volume = new KubeletVolume(temp.resolve("tls"));
        volume.publish(files);
        CertificateDirectory directory = new CertificateDirectory(volume.directory(), metrics);
        directory.check(DOMAIN);
        assertThat(served(new SniKeyManager(directory, () -> null), "mi7." + DOMAIN)).containsExactly("mi7." + DOMAIN);
        assertThat(served(new SniKeyManager(directory, () -> null), "mi8." + DOMAIN)).containsExactly("*." + DOMAIN);
    }

    @Test
    void secretsMountedInSubdirectoriesAreFoundToo() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        issued("tls", "*.public." + DOMAIN).forEach((name, content) -> files.put("public/" + name, content));
        issued("tls", "*." + DOMAIN).forEach((name, content) -> files.put("vnet-local/" + name, content));
        KubeletVolume volume = new KubeletVolume(temp.resolve("tls"));
        volume.publish(files);
        CertificateDirectory directory = new CertificateDirectory(volume.directory(), metrics);
        directory.check(DOMAIN);
        assertThat(directory.identities()).extracting(ServerIdentity::source)
                .containsExactlyInAnyOrder("public/tls", "vnet-local/tls");
    }

    @Test
    void aChangedSecretIsReloadedAndABrokenOneKeepsTheLastGood() throws Exception {
        KubeletVolume volume = new KubeletVolume(temp.resolve("tls"));
        volume.publish(issued("vnet-local", "*." + DOMAIN));
        CertificateDirectory directory = new CertificateDirectory(volume.directory(), metrics);
        directory.check(DOMAIN);
        X509Certificate first = directory.identities().get(0).leaf();
        directory.check(DOMAIN);
        assertThat(directory.identities().get(0).leaf()).as("unchanged files are not reloaded").isSameAs(first);

        volume.publish(issued("vnet-local", "*." + DOMAIN));
        directory.check(DOMAIN);
        X509Certificate second = directory.identities().get(0).leaf();
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());

        Map<String, byte[]> mismatched = issued("vnet-local", "*." + DOMAIN);
        mismatched.put("vnet-local.key", issued("other", "x").get("other.key"));
        volume.publish(mismatched);
        directory.check(DOMAIN);
        assertThat(directory.identities().get(0).leaf()).isSameAs(second);
        assertThat(metrics.certificateReloads.value("failed")).isEqualTo(1);

        Map<String, byte[]> garbage = new HashMap<>();
        garbage.put("vnet-local.crt", "not a certificate".getBytes(StandardCharsets.US_ASCII));
        garbage.put("vnet-local.key", "not a key".getBytes(StandardCharsets.US_ASCII));
        volume.publish(garbage);
        directory.check(DOMAIN);
        assertThat(directory.identities().get(0).leaf()).isSameAs(second);
        assertThat(metrics.certificateReloads.value("failed")).isEqualTo(2);
    }

    @Test
    void withoutCertificatesTheGatewaySignsOneForTheThreeWildcards() throws Exception {
        CertificateDirectory directory = new CertificateDirectory(temp.resolve("missing"), metrics);
        directory.check(DOMAIN);
        assertThat(directory.identities()).singleElement().satisfies(identity -> {
            assertThat(identity.dnsNames()).containsExactly("*." + DOMAIN, "*.public." + DOMAIN,
                    "*.privatelink." + DOMAIN, "localhost");
            assertThat(identity.leaf().getSubjectX500Principal()).isEqualTo(identity.leaf().getIssuerX500Principal());
        });
    }

    /** The DNS names of the certificate a TLS server handshake would present for this SNI (null: none sent). */
    private static List<String> served(SniKeyManager keys, String sni) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {keys}, null, null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLEngine clientEngine = sni == null ? client.createSSLEngine() : client.createSSLEngine(sni, 1433);
        clientEngine.setUseClientMode(true);
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        Handshake.run(clientEngine, serverEngine);
        X509Certificate leaf = (X509Certificate) clientEngine.getSession().getPeerCertificates()[0];
        return leaf.getSubjectAlternativeNames().stream().map(entry -> (String) entry.get(1)).toList();
    }
}
