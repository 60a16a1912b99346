package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.gateway.support.ClientTools;
import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.RoutesJson;
import io.sqlmi.gateway.support.TestCluster;
import io.sqlmi.gateway.support.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway with FreeTDS's {@code tsql} (Debian freetds-bin, installed on first use by
 * gateway/install-test-clients.sh): a C client that sends no SNI, follows exactly one redirect, and speaks TDS 7.3
 * when told to. The server name it sends is its freetds.conf entry; the redirect target here is {@code localhost},
 * which the machine resolves (the C resolver cannot use the test JVM's hosts file).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FreeTdsClientTest {
    private static GatewayFixture gateway;
    private static Path conf;
    private static Path unencrypted;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayFixture.startWithoutRoutes(Map.of());
        TestCluster cluster = gateway.cluster();
        int mi1 = cluster.primary("mi1").port();
        int mi2 = cluster.primary("mi2").port();
        gateway.publishRoutes(RoutesJson.cluster("vc1", TestCluster.ZONE, TestCluster.SUFFIX)
                .instance("mi1").engine("localhost", mi1).redirect("localhost", mi1)
                .host(vnetLocal("mi1"), "VNetLocal", "Redirect", gateway.tdsPort())
                .instance("mi2").engine("localhost", mi2)
                .host(vnetLocal("mi2"), "VNetLocal", "Proxy", gateway.tdsPort()).json());
        conf = freetdsConf("request");
        unencrypted = freetdsConf("off");
    }

    /**
     * The entries of both instances. The chain is checked against the test CA; FreeTDS would check the host name
     * against the address it dials (127.0.0.1 here), not against the server name, so that check is off.
     * "request" is FreeTDS's default; with "require", FreeTDS 1.3.17 sends the PRELOGIN of the redirected
     * connection inside the first connection's TLS session (a client defect), so redirected sessions need "request".
     */
    private static Path freetdsConf(String encryption) throws Exception {
        StringBuilder text = new StringBuilder("[global]\n    encryption = " + encryption + "\n    ca file = "
                + TestPki.shared().caFile() + "\n    check certificate hostname = no\n");
        for (String instance : new String[] {"mi1", "mi2"}) {
            text.append("[").append(vnetLocal(instance)).append("]\n    host = 127.0.0.1\n    port = ")
                    .append(gateway.tdsPort()).append("\n    tds version = 7.4\n");
        }
        Path file = Files.createTempDirectory("freetds").resolve("freetds.conf");
        Files.writeString(file, text);
        return file;
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String tsql(String server) throws Exception {
        return tsql(server, null, conf, 0);
    }

    /**
     * Runs one query with tsql and returns what it printed; {@code tdsVersion} (TDSVER) overrides the version of
     * the freetds.conf entry.
     */
    private static String tsql(String server, String tdsVersion, Path configuration, int exitStatus)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ClientTools.tsql().toString(), "-S", server, "-U", "sa", "-P",
                TestCluster.SA_PASSWORD).redirectErrorStream(true);
        builder.environment().put("FREETDSCONF", configuration.toString());
        if (tdsVersion != null) {
            builder.environment().put("TDSVER", tdsVersion);
        }
        Process process = builder.start();
        try (OutputStream input = process.getOutputStream()) {
            input.write("SELECT 'at:' + @@SERVERNAME\ngo\nexit\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException refusedBeforeReading) {
            // tsql exits without reading its input when the login fails
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(exitStatus);
        return output;
    }

    @Test
    void tsqlFollowsOneRedirectWithoutSniAndTheCertificatesCheckOut() throws Exception {
        long redirects = gateway.gateway().metrics().redirects.value("mi1", "sqlmi-subnet-a", "primary");
        long proxied = gateway.gateway().metrics().logins.value("mi1", "sqlmi-subnet-a", "VNetLocal", "proxied");
        assertThat(tsql(vnetLocal("mi1"))).contains("at:mi1");
        assertThat(gateway.gateway().metrics().redirects.value("mi1", "sqlmi-subnet-a", "primary"))
                .isEqualTo(redirects + 1);
        assertThat(gateway.gateway().metrics().logins.value("mi1", "sqlmi-subnet-a", "VNetLocal", "proxied"))
                .isEqualTo(proxied);
    }

    @Test
    void tsqlSpeakingTds73IsProxiedInstead() throws Exception {
        long redirects = gateway.gateway().metrics().redirects.value("mi1", "sqlmi-subnet-a", "primary");
        long proxied = gateway.gateway().metrics().logins.value("mi1", "sqlmi-subnet-a", "VNetLocal", "proxied");
        assertThat(tsql(vnetLocal("mi1"), "7.3", conf, 0)).contains("at:mi1");
        assertThat(gateway.gateway().metrics().redirects.value("mi1", "sqlmi-subnet-a", "primary"))
                .isEqualTo(redirects);
        assertThat(gateway.gateway().metrics().logins.value("mi1", "sqlmi-subnet-a", "VNetLocal", "proxied"))
                .isEqualTo(proxied + 1);
    }

    @Test
    void tsqlReachesAProxiedInstanceByNameAlone() throws Exception {
        assertThat(tsql(vnetLocal("mi2"))).contains("at:mi2");
    }

    @Test
    void tsqlWithoutEncryptionIsRefusedWith47072ByTheGateway() throws Exception {
        assertThat(tsql(vnetLocal("mi2"), null, unencrypted, 1)).contains("Msg 47072")
                .contains("Login failed with invalid TLS version");
    }
}
