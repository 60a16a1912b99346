package io.sqlmi.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.engine.support.EngineExtension;
import io.sqlmi.engine.support.EngineFixture;
import io.sqlmi.engine.support.RawTdsClient;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad bytes get an error (where a message can still be framed) and a closed connection; the
 * engine keeps serving others. Also: any ServerName in LOGIN7 is accepted.
 */
class MalformedInputTest {
    @RegisterExtension
    static final EngineExtension fixture = EngineExtension.withEnvironment(Map.of("SQLMI_MINIMAL_TLS_VERSION", "None",
                "SQLMI_MAX_REQUEST_BYTES", "65536"));

    @BeforeAll
    static void createSchema() {    }

    @AfterEach
    void engineStillServes() throws SQLException {
        try (Connection connection = fixture.connect()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mi1.zone.database.windows.net", "mi1.zone.database.windows.net,1433", "localhost\\mi1",
        "10.0.0.4", "tcp:mi1.zone.local,11002", ""})
    void anyServerNameIsAccepted(String serverName) throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            client.preLogin();
            client.send(PacketType.LOGIN7, RawTdsClient.login7("sa", EngineFixture.SA_PASSWORD, serverName, ""));
            assertThat(RawTdsClient.loggedIn(client.receive())).isTrue();
        }
    }

    @Test
    void garbageInsteadOfPreloginClosesTheConnection() throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            OutputStream out = client.rawOutput();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            out.flush();
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void packetLengthBelowHeaderClosesTheConnection() throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            OutputStream out = client.rawOutput();
            out.write(new byte[] {0x12, 0x01, 0x00, 0x04, 0, 0, 0, 0});
            out.flush();
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void structurallyInvalidLoginGets17832() throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            client.preLogin();
            byte[] login = RawTdsClient.login7("sa", EngineFixture.SA_PASSWORD, "x", "");
            login[36] = (byte) 0xF0; // HostName offset far beyond the payload
            login[37] = (byte) 0x7F;
            client.send(PacketType.LOGIN7, login);
            TdsMessage response = client.receive();
            assertThat(RawTdsClient.errorNumbers(response)).containsExactly(17832);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void truncatedLoginClosesTheConnection() throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            client.preLogin();
            client.send(PacketType.LOGIN7, new byte[] {1, 2, 3});
            TdsMessage response = client.receive();
            assertThat(RawTdsClient.errorNumbers(response)).containsExactly(17832);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizedRequestGetsAnErrorAndAClosedConnection() throws Exception {
        try (Connection connection = fixture.connect(); Statement statement = connection.createStatement()) {
            String huge = "SELECT '" + "x".repeat(100_000) + "'";
            SQLException error = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                    () -> statement.execute(huge));
            assertThat((Object) error).isNotNull();
            assertThat(connection.isValid(2)).isFalse();
        }
    }

    @Test
    void unknownPacketTypeAfterLoginClosesTheSession() throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            client.preLogin();
            client.send(PacketType.LOGIN7, RawTdsClient.login7("sa", EngineFixture.SA_PASSWORD, "x", ""));
            assertThat(RawTdsClient.loggedIn(client.receive())).isTrue();
            client.send(0x55, new byte[] {1, 2, 3, 4});
            TdsMessage response = client.receive();
            assertThat(RawTdsClient.errorNumbers(response)).containsExactly(4002);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void malformedRpcGetsAnErrorAndAClosedSession() throws Exception {
        try (RawTdsClient client = new RawTdsClient(fixture.port())) {
            client.preLogin();
            client.send(PacketType.LOGIN7, RawTdsClient.login7("sa", EngineFixture.SA_PASSWORD, "x", ""));
            client.receive();
            // ALL_HEADERS claiming 0x7FFFFFFF bytes
            client.send(PacketType.RPC, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0});
            assertThat(RawTdsClient.errorNumbers(client.receive())).containsExactly(4002);
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
