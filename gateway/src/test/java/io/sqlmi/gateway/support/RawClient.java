package io.sqlmi.gateway.support;

import io.sqlmi.gateway.wire.Conduit;
import io.sqlmi.gateway.wire.Packets;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.prelogin.PreLoginOption;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TDS client for what drivers will not send: any LOGIN7 server name or version, no TLS at all, garbage. It
 * runs the gateway's own {@link Conduit} in client mode (TLS wrapped in PRELOGIN, like SQL Server clients).
 */
public final class RawClient implements AutoCloseable {
    private final Conduit conduit;

    private RawClient(Conduit conduit) {
        this.conduit = conduit;
    }

    public static RawClient connect(int port) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.socket().setSoTimeout(20_000);
        return new RawClient(new Conduit(channel));
    }

    /** Sends PRELOGIN with this encryption value; returns the server's value. */
    public Encryption prelogin(Encryption encryption) throws IOException {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(PreLoginOption.VERSION, PreLogin.version(9, 0, 0, 0));
        options.put(PreLoginOption.ENCRYPTION, new byte[] {(byte) encryption.wireValue()});
        conduit.writeMessage(PacketType.PRELOGIN, new PreLogin(options).encode());
        TdsMessage reply = conduit.readMessage(4096);
        return PreLogin.parse(reply.payload()).encryption();
    }

    /** The TLS handshake inside PRELOGIN packets, accepting any certificate, with SNI when {@code sni} is set. */
    public void startTls(String sni) throws IOException {
        SSLEngine engine = trustingContext().createSSLEngine(sni, 1433);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.2"});
        engine.setSSLParameters(parameters);
        conduit.handshake(engine, true);
    }

    /** Login with full encryption, or (loginOnly) with TLS for the first LOGIN7 packet only. */
    public Response login(byte[] login7, boolean loginOnly) throws IOException {
        List<ByteBuffer> packets = Packets.frame(PacketType.LOGIN7, login7, Packets.LOGIN_PACKET_SIZE);
        for (int i = 0; i < packets.size(); i++) {
            conduit.writePlain(packets.get(i));
            if (i == 0 && loginOnly && conduit.tls() != null) {
                conduit.stopTls();
            }
        }
        return response();
    }

    /** The usual sequence: PRELOGIN asking for encryption, TLS, LOGIN7. */
    public static Response login(int port, byte[] login7) throws IOException {
        try (RawClient client = connect(port)) {
            client.prelogin(Encryption.ON);
            client.startTls(null);
            return client.login(login7, false);
        }
    }

    public Response response() throws IOException {
        TdsMessage message = conduit.readMessage(1 << 20);
        if (message == null) {
            throw new IOException("the server closed the connection without answering");
        }
        return Response.parse(message.payload());
    }

    public void send(int type, byte[] payload) throws IOException {
        conduit.writeMessage(type, payload);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        conduit.writePlain(ByteBuffer.wrap(bytes));
    }

    /** Whether the server closes the connection (end of stream) within the socket timeout, reading what comes. */
    public boolean closedByServer() {
        try {
            Socket socket = conduit.channel().socket();
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // drain what the server still sends, an error message for example
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public Conduit conduit() {
        return conduit;
    }

    @Override
    public void close() {
        conduit.close();
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
