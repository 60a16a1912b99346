package io.sqlmi.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlmi.gateway.support.ClientTools;
import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.TestCluster;
import io.sqlmi.gateway.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway with a non-JVM client: python-tds (pure Python, pyOpenSSL for TLS, SNI always sent, certificate chains
 * checked against the test CA), installed on first use by gateway/install-test-clients.sh. The script records every
 * TCP connect, so each finding says where the session really went.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PythonClientTest {
    @Test
    void pytdsIsProxiedRedirectedAndSentToTheReadableSecondaryByHostNameAlone() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start()) {
            TestCluster cluster = gateway.cluster();
            Process process = new ProcessBuilder(ClientTools.python().toString(),
                    Path.of("src/test/python/pytds_gateway_check.py").toAbsolutePath().toString(),
                    String.valueOf(gateway.tdsPort()), String.valueOf(gateway.publicPort()), TestCluster.SA_PASSWORD,
                    TestPki.shared().caFile().toString(), TestCluster.DOMAIN).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            JsonNode findings = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
            int tds = gateway.tdsPort();
            assertSession(findings.get("proxy"), "mi2", "primary", tds);
            assertSession(findings.get("proxy_login_only"), "mi2", "primary", tds);
            assertSession(findings.get("redirect"), "mi1", "primary", tds, cluster.primary("mi1").port());
            assertSession(findings.get("redirect_tds73"), "mi1", "primary", tds);
            assertSession(findings.get("read_intent"), "mi3", "secondary", tds, cluster.secondary("mi3").port());
            assertSession(findings.get("public"), "mi1", "primary", gateway.publicPort());
            assertThat(findings.get("unknown").asInt()).isEqualTo(40532);
        }
    }

    private static void assertSession(JsonNode session, String server, String replica, int... ports) {
        assertThat(session.get("server").asText()).isEqualTo(server);
        assertThat(session.get("replica").asText()).isEqualTo(replica);
        assertThat(session.get("ports")).extracting(JsonNode::asInt).containsExactly(
                Arrays.stream(ports).boxed().toArray(Integer[]::new));
    }
}
