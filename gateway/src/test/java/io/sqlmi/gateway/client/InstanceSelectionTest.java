package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.DOMAIN;
import static io.sqlmi.gateway.support.TestCluster.privateHost;
import static io.sqlmi.gateway.support.TestCluster.publicHost;
import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.Login7Bytes;
import io.sqlmi.gateway.support.RawClient;
import io.sqlmi.gateway.support.Response;
import io.sqlmi.tds.prelogin.Encryption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway picks the instance from the host name in the login, and says what to fix when it cannot. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InstanceSelectionTest {
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String serverName(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT @@SERVERNAME")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void twoInstancesBehindOneGatewayPortAreChosenOnlyByName() throws Exception {
        try (Connection mi1 = gateway.connect("mi1", ""); Connection mi2 = gateway.connect("mi2", "")) {
            assertThat(serverName(mi1)).isEqualTo("mi1");
            assertThat(serverName(mi2)).isEqualTo("mi2");
        }
        try (Connection publicMi1 = gateway.connect(publicHost("mi1"), gateway.publicPort(), "");
                Connection publicMi2 = gateway.connect(publicHost("mi2"), gateway.publicPort(), "");
                Connection privateMi1 = gateway.connect(privateHost("mi1"), gateway.privatePort(), "")) {
            assertThat(serverName(publicMi1)).isEqualTo("mi1");
            assertThat(serverName(publicMi2)).isEqualTo("mi2");
            assertThat(serverName(privateMi1)).isEqualTo("mi1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp:mi2." + DOMAIN + ",1433", "MI2." + DOMAIN, "mi2." + DOMAIN + "\\SQLEXPRESS",
        "mi2." + DOMAIN + ".", "mi2." + DOMAIN + ",1433"})
    void everyFormDriversPutInServerNameFindsTheInstance(String sent) throws Exception {
        Response response = RawClient.login(gateway.tdsPort(), Login7Bytes.login().serverName(sent).build());
        assertThat(response.loggedIn()).as(response.tokens().toString()).isTrue();
        assertThat(response.routedHost()).as("mi2 is proxied").isNull();
    }

    @Test
    void anUnknownNameGetsError40532NamingTheHostNameToUse() {
        assertThatThrownBy(() -> gateway.connect("mi9", "")).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(40532);
            assertThat(e.getMessage()).contains("Cannot open server 'mi9." + DOMAIN + "' requested by the login")
                    .contains("use the instance's host name, <instance>." + DOMAIN);
        });
    }

    @Test
    void anInstanceNameInAnotherZoneGetsItsRealHostName() {
        assertThatThrownBy(() -> gateway.connect("mi1.ffffffffffff.database.windows.net", gateway.tdsPort(),
                "trustServerCertificate=true")).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("Instance 'mi1' answers to " + vnetLocal("mi1"));
                });
    }

    @Test
    void anIpAddressGetsError40532() {
        assertThatThrownBy(() -> gateway.connect("127.0.0.1", gateway.tdsPort(), "trustServerCertificate=true"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("Cannot open server '127.0.0.1'")
                            .contains("Connecting by IP address is not supported");
                });
    }

    @Test
    void aLoginWithoutAnyServerNameGetsError40531() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.startTls(null);
            Response response = client.login(Login7Bytes.login().serverName("").build(), false);
            assertThat(response.errors()).containsExactly(40531);
            assertThat(response.tokens()).containsExactly("ERROR 40531", "DONE");
            assertThat(response.firstMessage()).startsWith("Server name cannot be determined.");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void sniAloneNamesTheInstanceWhenTheLoginCarriesNoServerName() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.startTls(vnetLocal("mi2"));
            assertThat(client.login(Login7Bytes.login().serverName("").build(), false).loggedIn()).isTrue();
        }
    }

    @Test
    void sniAndServerNameOfDifferentInstancesAreRefused() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.startTls(vnetLocal("mi1"));
            Response response = client.login(Login7Bytes.login().serverName(vnetLocal("mi2")).build(), false);
            assertThat(response.errors()).containsExactly(40532);
            assertThat(response.firstMessage()).contains("(SNI) '" + vnetLocal("mi1") + "' belongs to instance 'mi1'");
        }
    }

    @Test
    void aHostOnTheWrongListenerIsToldItsPort() {
        assertThatThrownBy(() -> gateway.connect(publicHost("mi1"), gateway.tdsPort(), ""))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("is the Public endpoint of instance 'mi1', served on port "
                            + gateway.publicPort());
                });
        assertThatThrownBy(() -> gateway.connect(vnetLocal("mi2"), gateway.publicPort(), ""))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("is the VNetLocal endpoint of instance 'mi2', served on port "
                            + gateway.tdsPort());
                });
        assertThatThrownBy(() -> gateway.connect(privateHost("mi1"), gateway.publicPort(), ""))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(40532));
        assertThatThrownBy(() -> gateway.connect(vnetLocal("mi1"), gateway.privatePort(), ""))
                .as("a private endpoint's network reaches only the private listener: no VNet-local name there")
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(40532);
                    assertThat(e.getMessage()).contains("is the VNetLocal endpoint of instance 'mi1', served on port "
                            + gateway.tdsPort());
                });
        assertThatThrownBy(() -> gateway.connect(privateHost("mi1"), gateway.tdsPort(), ""))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(40532));
    }

    @Test
    void refusalsAreCountedPerNumber() throws Exception {
        long before = gateway.gateway().metrics().errors.value("40532", "", "", "");
        Response response = RawClient.login(gateway.tdsPort(), Login7Bytes.login().serverName("mi9." + DOMAIN).build());
        assertThat(response.errors()).containsExactly(40532);
        assertThat(gateway.gateway().metrics().errors.value("40532", "", "", "")).isEqualTo(before + 1);
        assertThat(gateway.metrics()).contains("sqlmi_gateway_errors_total{number=\"40532\",instance=\"\",namespace=\"\","
                + "endpoint_type=\"\"}");
    }
}
