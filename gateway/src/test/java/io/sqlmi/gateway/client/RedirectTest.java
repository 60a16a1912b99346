package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.node;
import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.Login7Bytes;
import io.sqlmi.gateway.support.RawClient;
import io.sqlmi.gateway.support.RecordingSocketFactory;
import io.sqlmi.gateway.support.Response;
import io.sqlmi.gateway.support.TestEngine;
import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.prelogin.Encryption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mi1's VNet-local host is Redirect: TDS 7.4+ clients are sent to the engine, older ones proxied. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedirectTest {
    private static GatewayFixture gateway;
    private static TestEngine mi1;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        mi1 = gateway.cluster().primary("mi1");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theResponseIsLoginAckThenRoutingThenDoneAndTheGatewayClosesWhenTheClientSendsMore() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.startTls(vnetLocal("mi1"));
            Response response = client.login(Login7Bytes.login().serverName(vnetLocal("mi1")).build(), false);
            assertThat(response.tokens()).containsExactly("LOGINACK", "ENVCHANGE 20", "DONE");
            assertThat(response.routedHost()).isEqualTo(node("mi1", 0));
            assertThat(response.routedPort()).isEqualTo(mi1.port());
            client.send(PacketType.SQL_BATCH, new byte[] {0x53, 0x00});
            assertThat(client.closedByServer()).as("anything after routing is not answered").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"encrypt=false", "encrypt=true", "encrypt=strict"})
    void mssqlJdbcFollowsTheRedirectAndEndsUpTalkingToTheEngineItself(String encryption) throws Exception {
        long redirects = gateway.gateway().metrics().redirects.value("mi1", "sqlmi-subnet-a", "primary");
        RecordingSocketFactory.reset();
        try (Connection connection = gateway.connect("mi1", encryption + ";" + RecordingSocketFactory.property());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME, SERVERPROPERTY('EngineEdition'), "
                        + "@@SPID")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("mi1");
            assertThat(rows.getInt(2)).isEqualTo(8);
            assertThat(RecordingSocketFactory.ports()).as("one connection to the gateway, then one to the engine")
                    .containsExactly(gateway.tdsPort(), mi1.port());
            assertThat(mi1.hasSession(rows.getInt(3))).isTrue();
            assertThat(gateway.gateway().metrics().sessionsOpen.value("mi1", "sqlmi-subnet-a", "VNetLocal"))
                    .as("the gateway relays nothing for a redirected session").isZero();
        }
        assertThat(gateway.gateway().metrics().redirects.value("mi1", "sqlmi-subnet-a", "primary"))
                .isEqualTo(redirects + 1);
    }

    @Test
    void theEngineCertificateIsCheckedAgainstTheRoutedHostName() throws Exception {
        // the engine's certificate names mi1-0.node.<zone>: validation after the redirect passes only because the
        // driver checks it against the routed host, not the instance host name it first connected to
        try (Connection connection = gateway.connect("mi1", "encrypt=true;trustServerCertificate=false")) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TdsVersion.V7_1, TdsVersion.V7_2, TdsVersion.V7_3A, TdsVersion.V7_3B})
    void clientsOlderThanTds74AreProxiedToTheEngine(int version) throws Exception {
        Response response = RawClient.login(gateway.tdsPort(), Login7Bytes.login().serverName(vnetLocal("mi1"))
                .tdsVersion(version).build());
        assertThat(response.loggedIn()).isTrue();
        assertThat(response.routedHost()).isNull();
        assertThat(response.tokens()).as("the engine's own login response").contains("ENVCHANGE 1", "INFO 5701");
    }

    @Test
    void aWrongPasswordGetsTheEngines18456AfterTheRedirectBecauseTheGatewayDoesNotCheckPasswords() {
        RecordingSocketFactory.reset();
        assertThatThrownBy(() -> DriverManager.getConnection(GatewayFixture.url(vnetLocal("mi1"), gateway.tdsPort(),
                RecordingSocketFactory.property()), "sa", "Wrong-Passw0rd"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(18456);
                    assertThat(e.getMessage()).contains("Login failed for user 'sa'");
                });
        assertThat(RecordingSocketFactory.ports()).startsWith(gateway.tdsPort(), mi1.port());
    }

    @Test
    void aRoutedHostNameThatReachesTheGatewayIsNeverRedirectedAgain() {
        assertThatThrownBy(() -> gateway.connect(node("mi1", 0), gateway.tdsPort(), "trustServerCertificate=true"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("where the gateway redirects clients of instance 'mi1'")
                            .contains("Check its DNS record");
                });
    }

    @Test
    void anOptionRedirectsToPort1433OfTheRoutedHostInstead() throws Exception {
        try (GatewayFixture on1433 = GatewayFixture.start(Map.of("SQLMI_REDIRECT_ON_1433", "true"))) {
            Response response = RawClient.login(on1433.tdsPort(), Login7Bytes.login().serverName(vnetLocal("mi1"))
                    .build());
            assertThat(response.routedHost()).isEqualTo(node("mi1", 0));
            assertThat(response.routedPort()).isEqualTo(1433);
        }
    }

    @Test
    void theDefaultRedirectPortIsTheInstancesOwn() throws Exception {
        Response response = RawClient.login(gateway.tdsPort(), Login7Bytes.login().serverName(vnetLocal("mi1"))
                .build());
        assertThat(response.routedPort()).isEqualTo(mi1.port()).isNotEqualTo(1433);
    }
}
