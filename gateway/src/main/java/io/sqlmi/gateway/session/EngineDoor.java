package io.sqlmi.gateway.session;

import io.sqlmi.gateway.routing.RoutingTable.Target;
import io.sqlmi.gateway.wire.Conduit;
import io.sqlmi.gateway.wire.Packets;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.packet.TdsPacket;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.tls.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Logs a client in to an engine on the proxy path: connects, negotiates the same protection the client chose
 * (strict, full, login-only or none), sends the client's LOGIN7 unchanged (user, password, database, packet
 * size, read intent, options and feature extensions all reach the engine as the client wrote them) and reads
 * the login response.
 */
final class EngineDoor {
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final SSLContext tls;

    EngineDoor(SSLContext tls) {
        this.tls = tls;
    }

    /** @param opened receives the connection as soon as it exists, so that a time limit can close it */
    EngineLogin login(Target target, FrontLogin front, int connectTimeoutMillis, Consumer<Conduit> opened)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        Conduit engine;
        try {
            channel.socket().connect(new InetSocketAddress(target.host(), target.port()), connectTimeoutMillis);
            engine = new Conduit(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        opened.accept(engine);
        try {
            EncryptionMode mode = negotiate(engine, target, front);
            sendLogin(engine, front.rawLogin(), mode);
            return readResponse(engine, mode);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private EncryptionMode negotiate(Conduit engine, Target target, FrontLogin front) throws IOException {
        EncryptionMode wanted = front.encryption();
        if (wanted == EncryptionMode.STRICT) {
            engine.handshake(clientEngine(target, true), false);
        }
        engine.writeMessage(PacketType.PRELOGIN, Responses.preloginRequest(wanted.engineRequest(), front.traceId()));
        TdsMessage reply = engine.readMessage(FrontDoor.MAX_PRELOGIN_BYTES);
        if (reply == null) {
            throw new EOFException("the engine closed the connection after PRELOGIN");
        }
        if (wanted == EncryptionMode.STRICT) {
            return EncryptionMode.STRICT;
        }
        Encryption answer = PreLogin.parse(reply.payload()).encryption();
        Encryption.Outcome outcome = Encryption.outcome(wanted.engineRequest(), answer);
        if (outcome == Encryption.Outcome.REFUSED) {
            throw new IOException("the engine answered encryption " + answer + " to " + wanted.engineRequest());
        }
        EncryptionMode mode = EncryptionMode.of(outcome);
        if (mode != EncryptionMode.NONE) {
            engine.handshake(clientEngine(target, false), true);
        }
        return mode;
    }

    /** Login-only: the first packet through TLS, the rest of LOGIN7 and everything after in clear. */
    private static void sendLogin(Conduit engine, byte[] login, EncryptionMode mode) throws IOException {
        List<ByteBuffer> packets = Packets.frame(PacketType.LOGIN7, login, Packets.LOGIN_PACKET_SIZE);
        for (int i = 0; i < packets.size(); i++) {
            engine.writePlain(packets.get(i));
            if (i == 0 && mode == EncryptionMode.LOGIN_ONLY) {
                engine.stopTls();
            }
        }
    }

    private static EngineLogin readResponse(Conduit engine, EncryptionMode mode) throws IOException {
        List<ByteBuffer> packets = new ArrayList<>();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        TdsPacket packet;
        do {
            packet = engine.readPacket();
            if (packet == null) {
                throw new EOFException("the engine closed the connection before answering the login");
            }
            if (payload.size() + packet.payload().length > MAX_RESPONSE_BYTES) {
                throw new IOException("the engine's login response is larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            payload.write(packet.payload());
            packets.add(encode(packet));
        } while (!packet.endOfMessage());
        return new EngineLogin(engine, mode, packets, LoginOutcome.scan(payload.toByteArray()));
    }

    private static ByteBuffer encode(TdsPacket packet) {
        ByteBuffer bytes = ByteBuffer.allocate(TdsPacket.HEADER_LENGTH + packet.payload().length);
        bytes.put((byte) packet.type()).put((byte) packet.status())
                .putShort((short) (TdsPacket.HEADER_LENGTH + packet.payload().length))
                .putShort((short) packet.spid()).put((byte) packet.packetId()).put((byte) 0).put(packet.payload());
        return bytes.flip();
    }

    private SSLEngine clientEngine(Target target, boolean strict) {
        SSLEngine engine = tls.createSSLEngine(target.host(), target.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(strict ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.2"});
        if (strict) {
            parameters.setApplicationProtocols(new String[] {TlsPolicy.TDS_8_ALPN});
        }
        engine.setSSLParameters(parameters);
        return engine;
    }
}
