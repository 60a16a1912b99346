package io.sqlmi.engine.server;

import io.sqlmi.tds.login.Login7Writer;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessageReader;
import io.sqlmi.tds.packet.TdsMessageWriter;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.prelogin.PreLoginOption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One login against the engine from inside its own JVM, with TLS for the login as drivers do by
 * default: the training run of a class-data sharing archive goes through the classes a real login
 * loads. It does not check the answer: the archive only needs the classes.
 */
public final class SelfCheck {
    private SelfCheck() {
    }

    public static void login(SqlEngine engine, String password) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), engine.port())) {
            socket.setSoTimeout(10_000);
            TdsMessageWriter writer = new TdsMessageWriter(socket.getOutputStream());
            TdsMessageReader reader = new TdsMessageReader(socket.getInputStream(), 1 << 20);
            Map<Integer, byte[]> options = new LinkedHashMap<>();
            options.put(PreLoginOption.VERSION, PreLogin.version(1, 0, 0, 0));
            options.put(PreLoginOption.ENCRYPTION, new byte[] {(byte) Encryption.NOT_SUPPORTED.wireValue()});
            writer.writeMessage(PacketType.PRELOGIN, new PreLogin(options).encode());
            reader.readMessage();
            writer.writeMessage(PacketType.LOGIN7, Login7Writer.sqlLogin("self", "sa", password, "sqlmi-training",
                    "localhost", ""));
            reader.readMessage();
        } catch (IOException | RuntimeException e) {
            // the login may be refused (minimal TLS version): the classes are loaded all the same
        }
        // warm the TLS classes the handshakes of real clients use
        try {
            SSLContext.getDefault().createSSLEngine();
            io.sqlmi.tds.tls.TlsPolicy.serverEngine(engine.sslContext(), false).beginHandshake();
        } catch (java.security.NoSuchAlgorithmException | javax.net.ssl.SSLException | RuntimeException e) {
            // nothing to record then
        }
    }
}
