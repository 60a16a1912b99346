package io.sqlmi.gateway.client;

import static io.sqlmi.gateway.support.TestCluster.vnetLocal;
import static org.assertj.core.api.Assertions.assertThat;

import io.sqlmi.gateway.support.GatewayFixture;
import io.sqlmi.gateway.support.Login7Bytes;
import io.sqlmi.gateway.support.RawClient;
import io.sqlmi.gateway.support.Response;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.prelogin.PreLoginOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed or oversized input before the login is routed gets an error where a TDS message can still be framed
 * (17828 for PRELOGIN, 17832 for LOGIN7) and a closed connection; the gateway goes on serving. The pre-login path
 * is fuzzed with seeded mutations of valid PRELOGIN and LOGIN7 messages.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MalformedInputTest {
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayFixture.start(Map.of("SQLMI_PRELOGIN_TIMEOUT_SECONDS", "2", "SQLMI_LOGIN_TIMEOUT_SECONDS", "3"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Sends bytes, half-closes, and returns everything the gateway answered until it closed. */
    private static byte[] exchange(byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.tdsPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // the gateway may close before reading everything; what it answered is still readable
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                int count;
                while ((count = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, count);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the gateway neither answered nor closed within 15 s", e);
            } catch (IOException reset) {
                // a reset after the answer is a close too
            }
            return answer.toByteArray();
        }
    }

    private static Response errorIn(byte[] answer) {
        assertThat(answer.length).as("an error message comes back").isGreaterThan(8);
        assertThat(answer[0]).isEqualTo((byte) PacketType.TABULAR_RESULT);
        byte[] payload = new byte[answer.length - 8];
        System.arraycopy(answer, 8, payload, 0, payload.length);
        return Response.parse(payload);
    }

    private static byte[] packet(int type, int status, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(8 + payload.length);
        packet.put((byte) type).put((byte) status).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put((byte) 1).put((byte) 0).put(payload);
        return packet.array();
    }

    private static byte[] prelogin(Encryption encryption) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(PreLoginOption.VERSION, PreLogin.version(11, 0, 0, 0));
        options.put(PreLoginOption.ENCRYPTION, new byte[] {(byte) encryption.wireValue()});
        options.put(PreLoginOption.INSTOPT, new byte[] {0});
        options.put(PreLoginOption.THREADID, new byte[4]);
        options.put(PreLoginOption.MARS, new byte[] {0});
        return new PreLogin(options).encode();
    }

    @Test
    void somethingThatIsNotTdsGets17828AndAClose() throws Exception {
        Response response = errorIn(exchange("GET / HTTP/1.1\r\nHost: mi1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(response.errors()).containsExactly(17828);
        assertThat(response.firstMessage()).startsWith("The prelogin packet used to open the connection is "
                + "structurally invalid").contains("not a TDS client");
    }

    @Test
    void aPreloginWhoseOptionsPointOutsideItGets17828() throws Exception {
        byte[] lying = {0x00, 0x00, 0x06, 0x10, 0x00, (byte) 0xFF};
        Response response = errorIn(exchange(packet(PacketType.PRELOGIN, 1, lying)));
        assertThat(response.errors()).containsExactly(17828);
    }

    @Test
    void aPacketLengthShorterThanItsHeaderGets17828() throws Exception {
        byte[] header = {PacketType.PRELOGIN, 1, 0, 4, 0, 0, 1, 0};
        assertThat(errorIn(exchange(header)).errors()).containsExactly(17828);
    }

    @Test
    void aPreloginLargerThanAnyClientSendsGets17828() throws Exception {
        ByteArrayOutputStream oversized = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            oversized.write(packet(PacketType.PRELOGIN, 0, new byte[4000]));
        }
        oversized.write(packet(PacketType.PRELOGIN, 1, new byte[100]));
        Response response = errorIn(exchange(oversized.toByteArray()));
        assertThat(response.errors()).containsExactly(17828);
        assertThat(response.firstMessage()).contains("larger than the limit of 4096 bytes");
    }

    @Test
    void aLogin7ThatLiesAboutItsLengthGets17832() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.startTls(null);
            byte[] login = Login7Bytes.login().serverName(vnetLocal("mi2")).build();
            login[0] = (byte) 0xFF;
            login[1] = (byte) 0xFF;
            Response response = client.login(login, false);
            assertThat(response.errors()).containsExactly(17832);
            assertThat(response.firstMessage()).startsWith("The login packet used to open the connection is "
                    + "structurally invalid");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aLogin7LargerThan128KiBGets17832() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.NOT_SUPPORTED);
            client.send(PacketType.LOGIN7, new byte[130 * 1024]);
            assertThat(client.response().errors()).containsExactly(17832);
        }
    }

    @Test
    void anIntegratedLoginIsToldToUseSqlAuthentication() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.NOT_SUPPORTED);
            client.send(PacketType.SSPI, new byte[] {1, 2, 3});
            Response response = client.response();
            assertThat(response.errors()).containsExactly(17832);
            assertThat(response.firstMessage()).contains("use SQL authentication");
        }
    }

    @Test
    void garbageInsideTheWrappedTlsHandshakeClosesTheConnection() throws Exception {
        try (RawClient client = RawClient.connect(gateway.tdsPort())) {
            client.prelogin(Encryption.ON);
            client.sendRaw(packet(PacketType.PRELOGIN, 1, "this is not a TLS ClientHello".getBytes(
                    StandardCharsets.US_ASCII)));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void fuzzedPreloginAndLogin7NeverCrashNorHangTheGateway() throws Exception {
        Random random = new Random(20261201);
        byte[] validPrelogin = packet(PacketType.PRELOGIN, 1, prelogin(Encryption.NOT_SUPPORTED));
        byte[] validLogin = packet(PacketType.LOGIN7, 1, Login7Bytes.login().serverName(vnetLocal("mi2")).build());
        long before = gateway.gateway().metrics().handshakeFailures.value("malformed");
        for (int round = 0; round < 2000; round++) {
            byte[] input = switch (round % 4) {
                case 0 -> mutate(validPrelogin, random);
                case 1 -> concat(validPrelogin, mutate(validLogin, random));
                case 2 -> concat(validPrelogin, truncate(validLogin, random));
                default -> randomBytes(random);
            };
            exchange(input);
        }
        GatewayFixture.await(() -> gateway.gateway().openConnections() == 0, "every fuzzed connection to be closed");
        assertThat(gateway.gateway().metrics().handshakeFailures.value("internal_error"))
                .as("no input reached an unexpected exception").isZero();
        assertThat(gateway.gateway().metrics().handshakeFailures.value("malformed")).isGreaterThan(before + 500);
        assertThat(gateway.gateway().live()).isTrue();
        try (Connection connection = gateway.connect("mi2", "encrypt=true")) {
            assertThat(connection.isValid(5)).as("the gateway still serves logins").isTrue();
        }
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        int flips = 1 + random.nextInt(6);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(copy.length);
            copy[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) (copy[at] ^ (1 << random.nextInt(8)));
        }
        return copy;
    }

    private static byte[] truncate(byte[] valid, Random random) {
        byte[] cut = new byte[1 + random.nextInt(valid.length - 1)];
        System.arraycopy(valid, 0, cut, 0, cut.length);
        return cut;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            bytes[0] = PacketType.PRELOGIN;
        }
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
