package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.publicHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.RecordingSocketFactory;
import io.sqlmi.gateway.support.TestEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ApplicationIntent=ReadOnly on Business Critical (mi3) lands on the readable secondary: the secondary's redirect
 * port for a redirected login, a backend session to the secondary for a proxied one. Both replicas answer
 * {@code @@SERVERNAME} with the instance name, as Azure's do; the table {@code replica_marker} tells them apart.
 * The secondary engine runs with {@code SQLMI_REPLICA_ROLE=Secondary} ({@link TestEngine}): there the database is
 * READ_ONLY and writes fail with 3906, as on a Business Critical readable secondary.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadIntentTest {
    private static GatewayFixture gateway;
    private static TestEngine primary;
    private static TestEngine secondary;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start();
        primary = gateway.cluster().primary("mi3");
        secondary = gateway.cluster().secondary("mi3");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /**
     * Which replica a session reached, checking that it is the instance either way and that the database is
     * READ_ONLY exactly on the secondary.
     */
    private static String replica(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT role, @@SERVERNAME, "
                        + "CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS nvarchar(20)) FROM replica_marker")) {
            rows.next();
            String role = rows.getString(1);
            assertThat(rows.getString(2)).isEqualTo("mi3");
            assertThat(rows.getString(3)).isEqualTo(role.equals("secondary") ? "READ_ONLY" : "READ_WRITE");
            return role;
        }
    }

    @Test
    void writesOnTheSecondaryFailWith3906AndTheSessionGoesOn() throws Exception {
        try (Connection connection = gateway.connect("mi3", "encrypt=strict;applicationIntent=ReadOnly");
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO replica_marker VALUES ('written')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3906));
            assertThat(replica(connection)).isEqualTo("secondary");
        }
        try (Connection connection = gateway.connect("mi3", "encrypt=strict");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE primary_writes (id int)");
            statement.execute("DROP TABLE primary_writes");
        }
    }

    @Test
    void aRedirectedReadIntentLoginGoesToTheSecondarysRedirectPort() throws Exception {
        RecordingSocketFactory.reset();
        try (Connection connection = gateway.connect("mi3", "encrypt=strict;applicationIntent=ReadOnly;"
                + RecordingSocketFactory.property())) {
            assertThat(replica(connection)).isEqualTo("secondary");
            assertThat(RecordingSocketFactory.ports()).containsExactly(gateway.tdsPort(), secondary.port());
        }
        assertThat(gateway.gateway().metrics().redirects.value("mi3", "sqlmi-subnet-a", "secondary")).isPositive();
    }

    @Test
    void withoutReadIntentTheLoginGoesToThePrimary() throws Exception {
        RecordingSocketFactory.reset();
        try (Connection connection = gateway.connect("mi3", "encrypt=strict;" + RecordingSocketFactory.property())) {
            assertThat(replica(connection)).isEqualTo("primary");
            assertThat(RecordingSocketFactory.ports()).containsExactly(gateway.tdsPort(), primary.port());
        }
    }

    @Test
    void aProxiedReadIntentLoginGetsItsBackendSessionOnTheSecondary() throws Exception {
        try (Connection connection = gateway.connect(publicHost("mi3"), gateway.publicPort(),
                "encrypt=strict;applicationIntent=ReadOnly");
                Statement statement = connection.createStatement()) {
            assertThat(replica(connection)).isEqualTo("secondary");
            try (ResultSet rows = statement.executeQuery("SELECT @@SPID")) {
                rows.next();
                assertThat(secondary.hasSession(rows.getInt(1))).isTrue();
            }
        }
        try (Connection connection = gateway.connect(publicHost("mi3"), gateway.publicPort(), "encrypt=strict")) {
            assertThat(replica(connection)).isEqualTo("primary");
        }
    }

    @Test
    void readIntentOnGeneralPurposeLandsOnItsOnlyReplica() throws Exception {
        try (Connection connection = gateway.connect("mi2", "applicationIntent=ReadOnly");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT role FROM replica_marker")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("primary");
        }
    }
}
