package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.DOMAIN;
import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.RoutesJson;
import io.sqlmi.gateway.support.TestCluster;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The routing table comes from the mounted ConfigMap file, swapped by the kubelet through a symlink: the gateway
 * picks a change up within seconds, keeps its last good table when a file is bad, and never drops a session.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoutingReloadTest {
    private static String mi1Only(GatewayFixture gateway) {
        return table(gateway, false, null, 0);
    }

    /** mi1 (proxied here) and, when asked, mi2 with a state and an engine port of choice (0: its real one). */
    private static String table(GatewayFixture gateway, boolean withMi2, String mi2State, int mi2Port) {
        TestCluster cluster = gateway.cluster();
        RoutesJson routes = RoutesJson.cluster("vc1", TestCluster.ZONE, TestCluster.SUFFIX);
        routes.instance("mi1").engine("localhost", cluster.primary("mi1").port())
                .host(vnetLocal("mi1"), "VNetLocal", "Proxy", gateway.tdsPort());
        if (withMi2) {
            RoutesJson.Instance mi2 = routes.instance("mi2")
                    .engine("localhost", mi2Port == 0 ? cluster.primary("mi2").port() : mi2Port)
                    .host(vnetLocal("mi2"), "VNetLocal", "Proxy", gateway.tdsPort());
            if (mi2State != null) {
                mi2.state(mi2State);
            }
        }
        return routes.json();
    }

    private static String serverName(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void withoutItsRoutingTableTheGatewayIsLiveButNotReadyUntilTheFileAppears() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.startWithoutRoutes(Map.of())) {
            assertThat(gateway.http("/health/live").statusCode()).isEqualTo(200);
            assertThat(gateway.http("/health/ready").statusCode()).isEqualTo(503);
            assertThatThrownBy(() -> gateway.connect("mi1", "")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(40532));
            gateway.publishRoutes(mi1Only(gateway));
            assertThat(gateway.http("/health/ready").statusCode()).isEqualTo(200);
            try (Connection connection = gateway.connect("mi1", "")) {
                assertThat(serverName(connection)).isEqualTo("mi1");
            }
        }
    }

    @Test
    void anAddedInstanceTakesLoginsWithinSecondsOfTheFileChanging() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.startWithoutRoutes(Map.of())) {
            gateway.publishRoutes(mi1Only(gateway));
            assertThatThrownBy(() -> gateway.connect("mi2", "")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(40532));
            long start = System.nanoTime();
            gateway.publishRoutes(table(gateway, true, null, 0));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
            try (Connection connection = gateway.connect("mi2", "")) {
                assertThat(serverName(connection)).isEqualTo("mi2");
            }
        }
    }

    @Test
    void aRemovedInstanceKeepsItsOpenSessionsAndRefusesNewLogins() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.startWithoutRoutes(Map.of())) {
            gateway.publishRoutes(table(gateway, true, null, 0));
            try (Connection open = gateway.connect("mi2", "encrypt=true")) {
                gateway.publishRoutes(mi1Only(gateway));
                assertThat(serverName(open)).as("the reload did not touch the open session").isEqualTo("mi2");
                assertThatThrownBy(() -> gateway.connect("mi2", "")).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("No instance of virtual cluster 'vc1' answers to 'mi2." + DOMAIN);
                });
                assertThat(serverName(open)).isEqualTo("mi2");
            }
        }
    }

    @Test
    void aFileThatCannotBeReadKeepsTheLastGoodTable() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.startWithoutRoutes(Map.of())) {
            gateway.publishRoutes(table(gateway, true, null, 0));
            gateway.publishBrokenRoutes("{\"instances\": [ {\"name\": \"half a file");
            assertThat(gateway.http("/health/ready").statusCode()).isEqualTo(200);
            try (Connection connection = gateway.connect("mi2", "")) {
                assertThat(serverName(connection)).isEqualTo("mi2");
            }
            assertThat(gateway.metrics()).as("the refusal was counted (publishBrokenRoutes waits for it) and the "
                    + "table in use is the last good one").contains("sqlmi_gateway_routes_instances 2");
            gateway.publishRoutes(mi1Only(gateway));
            assertThat(gateway.metrics()).contains("sqlmi_gateway_routes_instances 1");
        }
    }

    @Test
    void aStoppedInstanceRefusesLoginsUntilItIsReadyAgain() throws Exception {
        try (GatewayFixture gateway = GatewayFixture.startWithoutRoutes(Map.of())) {
            gateway.publishRoutes(table(gateway, true, "Stopped", 0));
            assertThatThrownBy(() -> gateway.connect("mi2", "")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(40532);
                assertThat(e.getMessage()).contains("Instance 'mi2' is Stopped").contains("spec.stopped: false");
            });
            gateway.publishRoutes(table(gateway, true, "Ready", 0));
            try (Connection connection = gateway.connect("mi2", "")) {
                assertThat(serverName(connection)).isEqualTo("mi2");
            }
        }
    }

    @Test
    void anEngineThatCannotBeReachedGetsTheRetryableError40613NamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GatewayFixture gateway = GatewayFixture.startWithoutRoutes(Map.of())) {
            gateway.publishRoutes(table(gateway, true, null, closedPort));
            assertThatThrownBy(() -> gateway.connect("mi2", "")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(40613);
                assertThat(e.getMessage()).contains("Database 'master' on server 'mi2' is not currently available")
                        .contains("localhost:" + closedPort);
            });
            gateway.publishRoutes(RoutesJson.cluster("vc1", TestCluster.ZONE, TestCluster.SUFFIX).instance("mi2")
                    .engine("no-such-engine.invalid", 1433).host(vnetLocal("mi2"), "VNetLocal", "Proxy",
                            gateway.tdsPort()).json());
            assertThatThrownBy(() -> gateway.connect("mi2", "")).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(40613);
                assertThat(e.getMessage()).contains("no-such-engine.invalid:1433: its host name does not resolve");
            });
        }
    }
}
