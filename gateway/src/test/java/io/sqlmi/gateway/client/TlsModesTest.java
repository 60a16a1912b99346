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
import io.sqlmi.gateway.support.RecordingRelay;
import io.sqlmi.gateway.support.Response;
import io.sqlmi.gateway.support.RoutesJson;
import io.sqlmi.gateway.support.StrictTls;
import io.sqlmi.gateway.support.TestCluster;
import io.sqlmi.gateway.support.TestEngine;
import io.sqlmi.tds.prelogin.Encryption;
import java.math.BigInteger;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS at the gateway as SQL Server does it: login-only (client ENCRYPT_OFF), on, required (the gateway forcing it)
 * and TDS 8.0 strict with ALPN tds/8.0 and the certificate chosen by SNI; each instance's minimal TLS version is
 * enforced with 47072 whatever its engine does (the test engines accept any TLS, or none).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsModesTest {
    private static final String MARKER = "wire-marker-4711";
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String queryThroughRelay(RecordingRelay relay, String instance, String options) throws SQLException {
        try (Connection connection = gateway.connect(vnetLocal(instance), relay.port(), options);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT '" + MARKER + "', encrypt_option FROM "
                        + "sys.dm_exec_connections WHERE session_id = @@SPID")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(MARKER);
            return rows.getString(2);
        }
    }

    @Test
    void loginOnlyEncryptionProtectsTheLoginAndLeavesTheSessionInClearOnBothHops() throws Exception {
        try (RecordingRelay relay = new RecordingRelay(gateway.tdsPort())) {
            String engineHop = queryThroughRelay(relay, "mi2", "encrypt=false");
            assertThat(relay.sawInClear(MARKER)).as("the query after the login travels in clear").isTrue();
            assertThat(relay.sawInClear("sqlmi-subnet")).isFalse();
            assertThat(engineHop).as("the gateway gives the engine hop the same protection").isEqualTo("FALSE");
        }
    }

    @Test
    void fullEncryptionCoversTheWholeSessionOnBothHops() throws Exception {
        try (RecordingRelay relay = new RecordingRelay(gateway.tdsPort())) {
            assertThat(queryThroughRelay(relay, "mi2", "encrypt=true")).isEqualTo("TRUE");
            assertThat(relay.sawInClear(MARKER)).isFalse();
        }
    }

    @Test
    void strictEncryptionIsTlsFromTheFirstByte() throws Exception {
        try (RecordingRelay relay = new RecordingRelay(gateway.tdsPort())) {
            assertThat(queryThroughRelay(relay, "mi2", "encrypt=strict")).isEqualTo("TRUE");
            assertThat(relay.sawInClear(MARKER)).isFalse();
        }
        StrictTls.Handshake handshake = StrictTls.handshake(gateway.tdsPort(), vnetLocal("mi2"));
        assertThat(handshake.applicationProtocol()).isEqualTo("tds/8.0");
        assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aGatewayThatRequiresEncryptionEncryptsClientsThatAskedForLoginOnly() throws Exception {
        try (GatewayFixture forced = GatewayFixture.start(Map.of("SQLMI_FORCE_ENCRYPTION", "true"));
                RecordingRelay relay = new RecordingRelay(forced.tdsPort())) {
            try (Connection connection = forced.connect(vnetLocal("mi2"), relay.port(), "encrypt=false");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT '" + MARKER + "'")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(MARKER);
            }
            assertThat(relay.sawInClear(MARKER)).isFalse();
            try (RawClient client = RawClient.connect(forced.tdsPort())) {
                assertThat(client.prelogin(Encryption.OFF)).isEqualTo(Encryption.REQUIRED);
            }
            try (RawClient client = RawClient.connect(forced.tdsPort())) {
                assertThat(client.prelogin(Encryption.NOT_SUPPORTED)).isEqualTo(Encryption.REQUIRED);
                assertThat(client.closedByServer()).as("a client that cannot encrypt is let go").isTrue();
            }
        }
    }

    @Test
    void theCertificateIsChosenBySniAndByTheListenerWithoutIt() throws Exception {
        assertThat(StrictTls.handshake(gateway.tdsPort(), vnetLocal("mi1")).dnsNames()).containsExactly("*." + DOMAIN);
        assertThat(StrictTls.handshake(gateway.publicPort(), publicHost("mi1")).dnsNames())
                .containsExactly("*.public." + DOMAIN);
        assertThat(StrictTls.handshake(gateway.privatePort(), privateHost("mi1")).dnsNames())
                .containsExactly("*.privatelink." + DOMAIN);
        assertThat(StrictTls.handshake(gateway.tdsPort(), null).dnsNames()).containsExactly("*." + DOMAIN);
        assertThat(StrictTls.handshake(gateway.publicPort(), null).dnsNames()).containsExactly("*.public." + DOMAIN);
        assertThat(StrictTls.handshake(gateway.privatePort(), null).dnsNames())
                .containsExactly("*.privatelink." + DOMAIN);
        try (Connection connection = gateway.connect(privateHost("mi1"), gateway.privatePort(),
                "encrypt=strict;trustServerCertificate=false")) {
            assertThat(connection.isValid(5)).as("mssql-jdbc validated the privatelink certificate").isTrue();
        }
    }

    @Test
    void aNewCertificateInTheSecretIsServedWithinSecondsAndOpenSessionsGoOn() throws Exception {
        try (GatewayFixture own = GatewayFixture.start();
                Connection open = own.connect("mi2", "encrypt=strict")) {
            BigInteger before = StrictTls.handshake(own.tdsPort(), vnetLocal("mi2")).certificate().getSerialNumber();
            GatewayFixture.publishCertificates(own.tlsVolume(), Files.createTempDirectory("reissued"));
            GatewayFixture.await(() -> {
                try {
                    return !StrictTls.handshake(own.tdsPort(), vnetLocal("mi2")).certificate().getSerialNumber()
                            .equals(before);
                } catch (Exception e) {
                    return false;
                }
            }, "the reissued certificate to be served");
            assertThat(open.isValid(5)).isTrue();
            try (Connection fresh = own.connect("mi2", "encrypt=strict")) {
                assertThat(fresh.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void theInstancesMinimalTlsVersionIsEnforcedWith47072() throws Exception {
        try (GatewayFixture own = GatewayFixture.start()) {
            TestCluster cluster = own.cluster();
            TestEngine mi1 = cluster.primary("mi1");
            TestEngine mi2 = cluster.primary("mi2");
            own.publishRoutes(RoutesJson.cluster("vc1", TestCluster.ZONE, TestCluster.SUFFIX)
                    .instance("mi2").minimalTls("1.3").engine("localhost", mi2.port())
                    .host(vnetLocal("mi2"), "VNetLocal", "Proxy", own.tdsPort())
                    .instance("mi1").minimalTls("None").engine("localhost", mi1.port())
                    .redirect(mi1.routedHost(), mi1.port())
                    .host(vnetLocal("mi1"), "VNetLocal", "Proxy", own.tdsPort()).json());
            assertThatThrownBy(() -> own.connect("mi2", "encrypt=true")).isInstanceOfSatisfying(SQLException.class,
                    e -> {
                        assertThat(e.getErrorCode()).isEqualTo(47072);
                        assertThat(e.getMessage()).startsWith("Login failed with invalid TLS version.")
                                .contains("requires TLS 1.3").contains("Encrypt=Strict");
                    });
            try (Connection strict = own.connect("mi2", "encrypt=strict")) {
                assertThat(strict.isValid(5)).as("TDS 8.0 negotiates TLS 1.3").isTrue();
            }
            long refusedBefore = own.gateway().metrics().errors.value("47072", "mi2", "sqlmi-subnet-a", "VNetLocal");
            try (RawClient client = RawClient.connect(own.tdsPort())) {
                assertThat(client.prelogin(Encryption.NOT_SUPPORTED)).isEqualTo(Encryption.NOT_SUPPORTED);
                Response refused = client.login(Login7Bytes.login().serverName(vnetLocal("mi2")).build(), false);
                assertThat(refused.errors()).containsExactly(47072);
                assertThat(refused.firstMessage()).contains("used no TLS");
            }
            try (RawClient client = RawClient.connect(own.tdsPort())) {
                client.prelogin(Encryption.NOT_SUPPORTED);
                Response accepted = client.login(Login7Bytes.login().serverName(vnetLocal("mi1")).build(), false);
                assertThat(accepted.loggedIn()).as("minimalTlsVersion None takes a session without TLS").isTrue();
            }
            assertThat(own.gateway().metrics().errors.value("47072", "mi2", "sqlmi-subnet-a", "VNetLocal"))
                    .isEqualTo(refusedBefore + 1);
        }
    }
}
