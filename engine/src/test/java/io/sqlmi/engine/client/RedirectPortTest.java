package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine contract's redirect port (SQLMI_REDIRECT_PORT): the engine also listens on the
 * instance's redirect port, so that NetworkPolicies on 11000-11999 filter redirected sessions. It is
 * the same server: sessions on either port see each other and the same data.
 */
class RedirectPortTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withEnvironment(Map.of("SQLMI_REDIRECT_PORT", "0"));

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + port
                + ";encrypt=true;trustServerCertificate=true;loginTimeout=10", "sa", EngineFixture.SA_PASSWORD);
    }

    @Test
    void bothPortsServeTheSameServer() throws SQLException {
        int redirect = fixture.engine().redirectPort();
        assertThat(redirect).isPositive().isNotEqualTo(fixture.port());
        try (Connection direct = connect(fixture.port()); Connection redirected = connect(redirect);
             Statement writer = direct.createStatement(); Statement reader = redirected.createStatement()) {
            writer.execute("CREATE TABLE shared (id int)");
            writer.execute("INSERT INTO shared VALUES (7)");
            try (ResultSet rows = reader.executeQuery("SELECT id, @@SERVERNAME FROM shared")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
                assertThat(rows.getString(2)).isEqualTo(EngineFixture.INSTANCE);
            }
            try (ResultSet rows = reader.executeQuery("SELECT COUNT(*) FROM sys.dm_exec_connections")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void withoutTheSettingThereIsNoSecondPort() {
        try (EngineFixture plain = EngineFixture.start()) {
            assertThat(plain.engine().redirectPort()).isEqualTo(-1);
        }
    }
}
