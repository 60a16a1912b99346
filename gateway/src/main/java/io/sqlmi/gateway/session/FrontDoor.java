package io.sqlmi.gateway.session;

import io.sqlmi.gateway.routing.LoginError;
import io.sqlmi.gateway.tls.TlsSessions;
import io.sqlmi.gateway.wire.Conduit;
import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.login.Login7;
import io.sqlmi.tds.login.Login7Parser;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.packet.TdsPacket;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.prelogin.PreLoginOption;
import io.sqlmi.tds.tls.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/**
 * Takes a client from its first byte to a LOGIN7 the gateway can route, negotiating encryption as SQL Server
 * does: TDS 8.0 strict when the first byte opens a TLS handshake, else PRELOGIN with login-only encryption
 * (client ENCRYPT_OFF), full encryption (ON or REQ, or any client when the gateway forces encryption) or none
 * (a client without TLS, refused later unless the instance allows it).
 */
final class FrontDoor {
    /** PRELOGIN is a few dozen bytes; federated-authentication nonces and trace ids keep it far below this. */
    static final int MAX_PRELOGIN_BYTES = 4096;
    /** MS-TDS bounds LOGIN7 at 128 KiB - 1. */
    static final int MAX_LOGIN_BYTES = 128 * 1024 - 1;
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final Conduit client;
    private final SSLContext tls;
    private final boolean forceEncryption;
    private final Runnable preloginDone;

    FrontDoor(Conduit client, SSLContext tls, boolean forceEncryption, Runnable preloginDone) {
        this.client = client;
        this.tls = tls;
        this.forceEncryption = forceEncryption;
        this.preloginDone = preloginDone;
    }

    /** The client's login; null when the client went away or refused the encryption it was offered. */
    FrontLogin negotiate() throws IOException {
        int first = client.peekFirstByte();
        boolean strict = first == TLS_HANDSHAKE_RECORD;
        if (!strict && first != PacketType.PRELOGIN && first != PacketType.LOGIN7) {
            throw new PhaseException(LoginError.PRELOGIN_INVALID, "not a TDS client: first byte 0x"
                    + Integer.toHexString(first), null);
        }
        if (strict) {
            client.handshake(TlsPolicy.serverEngine(tls, true), false);
        }
        EncryptionMode mode = strict ? EncryptionMode.STRICT : EncryptionMode.NONE;
        byte[] traceId = null;
        if (first != PacketType.LOGIN7) {
            TdsMessage message = read(MAX_PRELOGIN_BYTES, LoginError.PRELOGIN_INVALID);
            if (message == null) {
                return null;
            }
            if (message.type() != PacketType.PRELOGIN) {
                throw new PhaseException(LoginError.PRELOGIN_INVALID, "expected PRELOGIN, got packet type 0x"
                        + Integer.toHexString(message.type()), null);
            }
            PreLogin request = parse(message.payload());
            preloginDone.run();
            traceId = request.option(PreLoginOption.TRACEID);
            Encryption answer = strict ? Encryption.NOT_SUPPORTED
                    : Encryption.serverAnswer(request.encryption(), true, forceEncryption);
            client.writeMessage(PacketType.TABULAR_RESULT, Responses.preloginReply(answer));
            if (!strict) {
                Encryption.Outcome outcome = Encryption.outcome(request.encryption(), answer);
                if (outcome == Encryption.Outcome.REFUSED) {
                    return null;
                }
                mode = EncryptionMode.of(outcome);
                if (mode != EncryptionMode.NONE) {
                    client.handshake(TlsPolicy.serverEngine(tls, false), true);
                }
            }
        } else {
            preloginDone.run();
        }
        String tlsProtocol = client.tlsProtocol();
        String sni = client.tls() == null ? null : TlsSessions.requestedServerName(client.tls().getSession());
        byte[] raw = mode == EncryptionMode.LOGIN_ONLY ? readLoginThenStopTls() : readLogin();
        if (raw == null) {
            return null;
        }
        Login7 login;
        try {
            login = Login7Parser.parse(raw);
        } catch (RuntimeException e) {
            throw new PhaseException(LoginError.LOGIN_INVALID, "LOGIN7 is malformed: " + e.getMessage(), e);
        }
        return new FrontLogin(login, raw, mode, tlsProtocol, sni, traceId);
    }

    private byte[] readLogin() throws IOException {
        TdsMessage message = read(MAX_LOGIN_BYTES, LoginError.LOGIN_INVALID);
        if (message == null) {
            return null;
        }
        checkLoginType(message.type());
        return message.payload();
    }

    /** Login-only encryption: the first LOGIN7 packet comes through TLS, the rest of it in clear. */
    private byte[] readLoginThenStopTls() throws IOException {
        TdsPacket packet = readPacket();
        if (packet == null) {
            return null;
        }
        client.stopTls();
        checkLoginType(packet.type());
        ByteArrayOutputStream login = new ByteArrayOutputStream(packet.payload().length);
        login.write(packet.payload());
        while (!packet.endOfMessage()) {
            packet = readPacket();
            if (packet == null) {
                throw new EOFException("the client closed the connection inside LOGIN7");
            }
            checkLoginType(packet.type());
            if (login.size() + packet.payload().length > MAX_LOGIN_BYTES) {
                throw new PhaseException(LoginError.LOGIN_INVALID, "LOGIN7 larger than " + MAX_LOGIN_BYTES
                        + " bytes", null);
            }
            login.write(packet.payload());
        }
        return login.toByteArray();
    }

    private TdsPacket readPacket() throws IOException {
        try {
            return client.readPacket();
        } catch (TdsProtocolException e) {
            throw new PhaseException(LoginError.LOGIN_INVALID, e.getMessage(), e);
        }
    }

    private TdsMessage read(int maxBytes, LoginError error) throws IOException {
        try {
            return client.readMessage(maxBytes);
        } catch (TdsProtocolException e) {
            throw new PhaseException(error, e.getMessage(), e);
        }
    }

    private static void checkLoginType(int type) throws PhaseException {
        if (type != PacketType.LOGIN7) {
            String what = type == PacketType.SSPI || type == PacketType.FEDERATED_AUTH_TOKEN
                    ? "integrated and Microsoft Entra logins are not supported by the gateway; use SQL authentication"
                    : "expected LOGIN7, got packet type 0x" + Integer.toHexString(type);
            throw new PhaseException(LoginError.LOGIN_INVALID, what, null);
        }
    }

    private static PreLogin parse(byte[] payload) throws PhaseException {
        try {
            return PreLogin.parse(payload);
        } catch (RuntimeException e) {
            throw new PhaseException(LoginError.PRELOGIN_INVALID, "PRELOGIN is malformed: " + e.getMessage(), e);
        }
    }
}
