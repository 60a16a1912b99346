package io.sqlmi.gateway.support;

import io.sqlmi.gateway.Gateway;
import io.sqlmi.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A gateway in this JVM on free ports, with its routing table and certificates in kubelet-style volumes
 * (updates swap a symlink) and a reload interval of 200 ms, in front of the shared {@link TestCluster}.
 */
public final class GatewayFixture implements AutoCloseable {
    private final KubeletVolume routes;
    private final KubeletVolume tls;
    private final Gateway gateway;
    private final TestCluster cluster;

    private GatewayFixture(KubeletVolume routes, KubeletVolume tls, Gateway gateway, TestCluster cluster) {
        this.routes = routes;
        this.tls = tls;
        this.gateway = gateway;
        this.cluster = cluster;
    }

    /** A gateway serving the cluster's routing table. */
    public static GatewayFixture start() {
        return start(Map.of());
    }

    public static GatewayFixture start(Map<String, String> settings) {
        GatewayFixture fixture = startWithoutRoutes(settings);
        fixture.publishRoutes(fixture.cluster.routes(fixture.tdsPort(), fixture.publicPort(), fixture.privatePort()).json());
        return fixture;
    }

    /** A gateway whose routing table file does not exist yet. */
    public static GatewayFixture startWithoutRoutes(Map<String, String> settings) {
        TestCluster cluster = TestCluster.shared();
        try {
            Path root = Files.createTempDirectory("sqlmi-gateway-test");
            KubeletVolume routes = new KubeletVolume(root.resolve("routes"));
            KubeletVolume tls = new KubeletVolume(root.resolve("tls"));
            Files.createDirectories(routes.directory());
            publishCertificates(tls, root.resolve("issued"));
            Map<String, String> env = new HashMap<>();
            env.put(GatewayConfig.SQLMI_BIND_ADDRESS, "127.0.0.1");
            env.put(GatewayConfig.SQLMI_GATEWAY_PORT, "0");
            env.put(GatewayConfig.SQLMI_PUBLIC_PORT, "0");
            env.put(GatewayConfig.SQLMI_PRIVATE_PORT, "0");
            env.put(GatewayConfig.SQLMI_HEALTH_PORT, "0");
            env.put(GatewayConfig.SQLMI_ROUTES_FILE, routes.file("routes.json").toString());
            env.put(GatewayConfig.SQLMI_TLS_DIR, tls.directory().toString());
            env.put(GatewayConfig.SQLMI_RELOAD_INTERVAL_MILLIS, "200");
            env.put(GatewayConfig.SQLMI_IO_THREADS, "2");
            env.put(GatewayConfig.SQLMI_GATEWAY_NAME, "gw-test");
            env.putAll(settings);
            Gateway gateway = Gateway.start(GatewayConfig.fromEnvironment(env));
            return new GatewayFixture(routes, tls, gateway, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The three certificates the operator gives a gateway, one per endpoint kind, issued by the test CA. */
    public static void publishCertificates(KubeletVolume volume, Path scratch) throws IOException {
        TestPki pki = TestPki.shared();
        Map<String, byte[]> files = new HashMap<>();
        for (String[] set : List.of(new String[] {"vnet-local", "*." + TestCluster.DOMAIN},
                new String[] {"public", "*.public." + TestCluster.DOMAIN},
                new String[] {"privatelink", "*.privatelink." + TestCluster.DOMAIN})) {
            TestPki.Issued issued = pki.issue(scratch, set[0], List.of(set[1]));
            files.put(set[0] + ".crt", Files.readAllBytes(issued.certFile()));
            files.put(set[0] + ".key", Files.readAllBytes(issued.keyFile()));
        }
        files.put("ca.crt", Files.readAllBytes(pki.caFile()));
        volume.publish(files);
    }

    public TestCluster cluster() {
        return cluster;
    }

    public Gateway gateway() {
        return gateway;
    }

    public int tdsPort() {
        return gateway.tdsPort();
    }

    public int publicPort() {
        return gateway.publicPort();
    }

    public int privatePort() {
        return gateway.privatePort();
    }

    public KubeletVolume tlsVolume() {
        return tls;
    }

    /** Publishes a routing table and waits until the gateway uses it. */
    public void publishRoutes(String json) {
        long before = gateway.metrics().routeReloads.value("ok");
        routes.publish("routes.json", json);
        await(() -> gateway.metrics().routeReloads.value("ok") > before, "the gateway to load the routing table");
    }

    /** Publishes a file that is not a routing table and waits until the gateway refused it. */
    public void publishBrokenRoutes(String content) {
        long before = gateway.metrics().routeReloads.value("failed");
        routes.publish("routes.json", content);
        await(() -> gateway.metrics().routeReloads.value("failed") > before, "the gateway to refuse the file");
    }

    /** mssql-jdbc URL to {@code host} on {@code port}, validating certificates against the test CA. */
    public static String url(String host, int port, String extra) {
        return "jdbc:sqlserver://" + host + ":" + port + ";encrypt=true;trustStore=" + TestPki.shared().trustStore()
                + ";trustStorePassword=" + TestPki.TRUST_STORE_PASSWORD + ";loginTimeout=15;connectRetryCount=0;"
                + extra;
    }

    public Connection connect(String host, int port, String extra) throws SQLException {
        return connectTo(host, port, extra);
    }

    /** A mssql-jdbc connection as sa to any gateway (or engine) port. */
    public static Connection connectTo(String host, int port, String extra) throws SQLException {
        return DriverManager.getConnection(url(host, port, extra), "sa", TestCluster.SA_PASSWORD);
    }

    /** A connection to the VNet-local host of an instance on the 1433 listener. */
    public Connection connect(String instance, String extra) throws SQLException {
        return connect(TestCluster.vnetLocal(instance), tdsPort(), extra);
    }

    public String metrics() {
        return http("/metrics").body();
    }

    public HttpResponse<String> http(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.healthPort() + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
