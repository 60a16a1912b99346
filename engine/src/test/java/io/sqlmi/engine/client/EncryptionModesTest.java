package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.RecordingProxy;
import io.sqlmi.engine.support.TestCertificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each encryption mode with mssql-jdbc, checked on the wire through a recording relay: the login
 * packet (which carries the application name) must never travel in clear, queries travel in clear
 * only under login-only encryption.
 */
class EncryptionModesTest {
    private static final String APP = "encryption-mode-probe";
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withDefaults();
    @RegisterExtension
    static final EngineExtension forcing = EngineExtension.withEnvironment(Map.of("SQLMI_FORCE_ENCRYPTION", "true"));

    private static String encryptOption(Connection connection, String marker) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT encrypt_option, '" + marker + "' FROM sys.dm_exec_connections WHERE session_id = @@SPID")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static Connection viaProxy(RecordingProxy proxy, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + proxy.port() + ";applicationName=" + APP
                + ";loginTimeout=10;" + options, "sa", EngineFixture.SA_PASSWORD);
    }

    @Test
    void offEncryptsTheLoginOnly() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(fixture.port());
             Connection connection = viaProxy(proxy, "encrypt=false;trustServerCertificate=true")) {
            assertThat(encryptOption(connection, "marker-off")).isEqualTo("FALSE");
            assertThat(proxy.clientSentInClear(APP)).isFalse();
            assertThat(proxy.clientSentInClear("marker-off")).isTrue();
        }
    }

    @Test
    void onEncryptsTheWholeSession() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(fixture.port());
             Connection connection = viaProxy(proxy, "encrypt=true;trustServerCertificate=true")) {
            assertThat(encryptOption(connection, "marker-on")).isEqualTo("TRUE");
            assertThat(proxy.clientSentInClear(APP)).isFalse();
            assertThat(proxy.clientSentInClear("marker-on")).isFalse();
            assertThat(proxy.serverSentInClear(EngineFixture.INSTANCE)).isFalse();
        }
    }

    @Test
    void onValidatesTheCertificateAgainstATrustStore() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(fixture.port());
             Connection connection = viaProxy(proxy, "encrypt=true;trustServerCertificate=false;"
                     + "hostNameInCertificate=localhost;trustStoreType=PKCS12;trustStorePassword="
                     + TestCertificate.TRUST_STORE_PASSWORD + ";trustStore=" + TestCertificate.trustStore())) {
            assertThat(encryptOption(connection, "marker-verified")).isEqualTo("TRUE");
        }
    }

    @Test
    void requiredByTheServerEncryptsEvenWhenTheClientAsksOff() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(forcing.port());
             Connection connection = viaProxy(proxy, "encrypt=false;trustServerCertificate=true")) {
            assertThat(encryptOption(connection, "marker-required")).isEqualTo("TRUE");
            assertThat(proxy.clientSentInClear("marker-required")).isFalse();
        }
    }

    @Test
    void strictTds8WithAlpn() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(fixture.port());
             Connection connection = viaProxy(proxy, "encrypt=strict;hostNameInCertificate=localhost;"
                     + "serverCertificate=" + TestCertificate.certFile())) {
            assertThat(encryptOption(connection, "marker-strict")).isEqualTo("TRUE");
            assertThat(proxy.clientSentInClear(APP)).isFalse();
            assertThat(proxy.clientSentInClear("marker-strict")).isFalse();
        }
    }

    @Test
    void minimalTlsVersionRefusesOlderSessionsWith47072() {
        try (EngineFixture strictOnly = EngineFixture.start(Map.of("SQLMI_MINIMAL_TLS_VERSION", "1.3"))) {
            SQLServerException refused = catchThrowableOfType(SQLServerException.class,
                    () -> strictOnly.connect().close());
            assertThat((Object) refused).isNotNull();
            assertThat(refused.getErrorCode()).isEqualTo(47072);
            assertThat(refused.getMessage()).contains("Login failed with invalid TLS version");
            try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + strictOnly.port()
                    + ";encrypt=strict;hostNameInCertificate=localhost;serverCertificate=" + TestCertificate.certFile(),
                    "sa", EngineFixture.SA_PASSWORD)) {
                assertThat(connection.isValid(5)).isTrue();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void tls12SessionsPassTheDefaultMinimum() throws SQLException {
        try (Connection connection = fixture.connect("sslProtocol=TLSv1.2")) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }
}
