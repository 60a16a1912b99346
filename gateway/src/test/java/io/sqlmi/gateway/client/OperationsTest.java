package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.KubeletVolume;
import io.sqlmi.gateway.support.RawClient;
import io.sqlmi.gateway.support.TestCluster;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.prelogin.Encryption;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Draining on SIGTERM, connection limits, time limits against slow clients, health and metrics. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OperationsTest {
    private static String serverName(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The gateway as its container runs it: its own JVM, {@code io.sqlmi.gateway.Main}, the environment. */
    private static final class GatewayProcess implements AutoCloseable {
        final int tdsPort = freePort();
        final int publicPort = freePort();
        final int privatePort = freePort();
        final int healthPort = freePort();
        final Process process;
        final Path log;

        GatewayProcess(Map<String, String> settings) throws Exception {
            Path root = Files.createTempDirectory("sqlmi-gateway-process");
            KubeletVolume routes = new KubeletVolume(root.resolve("routes"));
            routes.publish("routes.json", TestCluster.shared().routes(tdsPort, publicPort, privatePort).json());
            KubeletVolume tls = new KubeletVolume(root.resolve("tls"));
            GatewayFixture.publishCertificates(tls, root.resolve("issued"));
            log = root.resolve("gateway.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Djdk.net.hosts.file=" + System.getProperty("sqlmi.hosts.file"), "-cp",
                    System.getProperty("java.class.path"), "io.sqlmi.gateway.Main");
            Map<String, String> env = builder.environment();
            env.put("SQLMI_BIND_ADDRESS", "127.0.0.1");
            env.put("SQLMI_GATEWAY_PORT", String.valueOf(tdsPort));
            env.put("SQLMI_PUBLIC_PORT", String.valueOf(publicPort));
            env.put("SQLMI_PRIVATE_PORT", String.valueOf(privatePort));
            env.put("SQLMI_HEALTH_PORT", String.valueOf(healthPort));
            env.put("SQLMI_ROUTES_FILE", routes.file("routes.json").toString());
            env.put("SQLMI_TLS_DIR", tls.directory().toString());
            env.putAll(settings);
            process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            GatewayFixture.await(() -> status("/health/ready") == 200, "the gateway process to be ready");
        }

        int status(String path) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + healthPort + path)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sigtermStopsAcceptingAtOnceLetsOpenSessionsFinishAndExitsWhenTheyHave() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(Map.of("SQLMI_SHUTDOWN_GRACE_SECONDS", "60"))) {
            Connection open = GatewayFixture.connectTo(vnetLocal("mi2"), gateway.tdsPort, "encrypt=true");
            assertThat(serverName(open)).isEqualTo("mi2");
            gateway.process.destroy();
            GatewayFixture.await(() -> gateway.status("/health/ready") == 503, "readiness to turn false");
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), gateway.tdsPort).close())
                    .as("the listener is closed first").isInstanceOf(ConnectException.class);
            assertThat(serverName(open)).as("the open session still works while draining").isEqualTo("mi2");
            assertThat(gateway.process.isAlive()).isTrue();
            open.close();
            assertThat(gateway.process.waitFor(15, TimeUnit.SECONDS)).as("it exits once the session ended").isTrue();
            assertThat(gateway.process.exitValue()).isIn(0, 143);
            assertThat(gateway.log()).contains("\"event\":\"drain_started\"").contains("\"closedAtGraceEnd\":0");
        }
    }

    @Test
    void sessionsStillOpenAtTheEndOfTheGracePeriodAreClosed() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(Map.of("SQLMI_SHUTDOWN_GRACE_SECONDS", "2"))) {
            Connection open = GatewayFixture.connectTo(vnetLocal("mi2"), gateway.tdsPort, "");
            assertThat(serverName(open)).isEqualTo("mi2");
            long start = System.nanoTime();
            gateway.process.destroy();
            assertThat(gateway.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1900);
            assertThatThrownBy(() -> serverName(open)).isInstanceOf(SQLException.class);
            assertThat(gateway.log()).contains("\"closedAtGraceEnd\":1");
        }
    }

    @Test
    void loginsBeyondTheConnectionLimitGet17809() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start(Map.of("SQLMI_MAX_CONNECTIONS", "2"))) {
            List<Connection> open = new ArrayList<>();
            try {
                open.add(gateway.connect("mi2", ""));
                open.add(gateway.connect("mi2", ""));
                assertThatThrownBy(() -> gateway.connect("mi2", "")).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(17809);
                    assertThat(e.getMessage()).contains("maximum of 2 connections (SQLMI_MAX_CONNECTIONS)");
                });
                open.remove(0).close();
                GatewayFixture.await(() -> gateway.gateway().openConnections() <= 1, "the closed session to end");
                open.add(gateway.connect("mi2", ""));
                assertThat(serverName(open.get(1))).isEqualTo("mi2");
            } finally {
                for (Connection connection : open) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void aClientThatSendsNothingIsClosedAtThePreloginTimeLimit() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start(Map.of("SQLMI_PRELOGIN_TIMEOUT_SECONDS", "1"));
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), gateway.tdsPort())) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(700L, 5000L);
            GatewayFixture.await(() -> gateway.gateway().metrics().handshakeFailures.value("prelogin_timeout") == 1,
                    "the time limit to be counted");
        }
    }

    @Test
    void aClientTricklingOneBytePerSecondIsClosedAtTheSameLimit() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start(Map.of("SQLMI_PRELOGIN_TIMEOUT_SECONDS", "2"));
                Socket slow = new Socket(InetAddress.getLoopbackAddress(), gateway.tdsPort())) {
            OutputStream out = slow.getOutputStream();
            long start = System.nanoTime();
            byte[] header = {PacketType.PRELOGIN, 1, 0, 60, 0, 0, 1, 0};
            assertThatThrownBy(() -> {
                for (byte b : header) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(700);
                }
                for (int i = 0; i < 52; i++) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(700);
                }
            }).isInstanceOf(IOException.class);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        }
    }

    @Test
    void aClientThatStallsBeforeLogin7IsClosedAtTheLoginTimeLimit() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start(Map.of("SQLMI_PRELOGIN_TIMEOUT_SECONDS", "1",
                "SQLMI_LOGIN_TIMEOUT_SECONDS", "2"));
                RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.startTls(vnetLocal("mi2"));
            long start = System.nanoTime();
            assertThat(client.closedByServer()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1000L, 6000L);
            GatewayFixture.await(() -> gateway.gateway().metrics().handshakeFailures.value("login_timeout") == 1,
                    "the time limit to be counted");
        }
    }

    @Test
    void metricsCountConnectionsLoginsRedirectsAndBytesPerInstanceAndEndpointType() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.start()) {
            try (Connection proxied = gateway.connect("mi2", "");
                    Connection redirected = gateway.connect("mi1", "");
                    Connection publicEndpoint = gateway.connect(TestCluster.publicHost("mi1"), gateway.publicPort(), "")) {
                assertThat(serverName(proxied)).isEqualTo("mi2");
                assertThat(serverName(redirected)).isEqualTo("mi1");
                assertThat(serverName(publicEndpoint)).isEqualTo("mi1");
                String metrics = gateway.metrics();
                assertThat(metrics)
                        .contains("sqlmi_gateway_connections_total{listener=\"tds\"} 2")
                        .contains("sqlmi_gateway_connections_total{listener=\"public\"} 1")
                        .contains("sqlmi_gateway_connections_open{listener=\"tds\"} 1")
                        .contains("sqlmi_gateway_sessions_open{instance=\"mi2\",namespace=\"sqlmi-subnet-a\","
                                + "endpoint_type=\"VNetLocal\"} 1")
                        .contains("sqlmi_gateway_sessions_open{instance=\"mi1\",namespace=\"sqlmi-subnet-a\","
                                + "endpoint_type=\"Public\"} 1")
                        .contains("sqlmi_gateway_logins_total{instance=\"mi2\",namespace=\"sqlmi-subnet-a\","
                                + "endpoint_type=\"VNetLocal\",outcome=\"proxied\"} 1")
                        .contains("sqlmi_gateway_logins_total{instance=\"mi1\",namespace=\"sqlmi-subnet-a\","
                                + "endpoint_type=\"VNetLocal\",outcome=\"redirected\"} 1")
                        .contains("sqlmi_gateway_redirects_total{instance=\"mi1\",namespace=\"sqlmi-subnet-a\","
                                + "replica=\"primary\"} 1")
                        .containsPattern("sqlmi_gateway_bytes_total\\{instance=\"mi2\",namespace=\"sqlmi-subnet-a\","
                                + "endpoint_type=\"VNetLocal\",direction=\"client_to_engine\"} [1-9]")
                        .containsPattern("sqlmi_gateway_bytes_total\\{instance=\"mi2\",namespace=\"sqlmi-subnet-a\","
                                + "endpoint_type=\"VNetLocal\",direction=\"engine_to_client\"} [1-9]")
                        .contains("# TYPE sqlmi_gateway_logins_total counter");
            }
            assertThat(gateway.http("/health/live").statusCode()).isEqualTo(200);
            assertThat(gateway.http("/health/ready").body()).isEqualTo("UP\n");
        }
    }
}
