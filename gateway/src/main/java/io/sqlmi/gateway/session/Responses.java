package io.sqlmi.gateway.session;

import io.sqlmi.gateway.routing.LoginError;
import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.prelogin.PreLoginOption;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.token.Tokens;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The token streams the gateway answers with itself: PRELOGIN, the redirect, and login errors. */
final class Responses {
    /**
     * The version the gateway announces in PRELOGIN: SQL Server 2022's major version. mssql-jdbc speaks TDS 7.4
     * (and so follows redirects) only to a server of major version 11 or later (tds-protocol.md section 2).
     */
    static final int MAJOR = 16;
    static final int MINOR = 0;
    static final int BUILD = 4000;
    static final String PROGRAM_NAME = "Microsoft SQL Server";

    private Responses() {
    }

    static byte[] preloginReply(Encryption encryption) {
        return PreLogin.serverReply(PreLogin.version(MAJOR, MINOR, BUILD, 1), encryption).encode();
    }

    /** The PRELOGIN the gateway sends an engine: its own version, the encryption wanted, no MARS. */
    static byte[] preloginRequest(Encryption encryption, byte[] clientTraceId) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(PreLoginOption.VERSION, PreLogin.version(MAJOR, MINOR, BUILD, 1));
        options.put(PreLoginOption.ENCRYPTION, new byte[] {(byte) encryption.wireValue()});
        options.put(PreLoginOption.INSTOPT, new byte[] {0});
        options.put(PreLoginOption.THREADID, new byte[4]);
        options.put(PreLoginOption.MARS, new byte[] {0});
        if (clientTraceId != null && clientTraceId.length == 36) {
            options.put(PreLoginOption.TRACEID, clientTraceId);
        }
        return new PreLogin(options).encode();
    }

    /**
     * LOGINACK, ENVCHANGE routing, DONE: the login response of a redirect (MS-TDS 2.2.7.9; gateway.md 1.2). The
     * client keeps only the routing data, closes, and logs in to {@code host} on {@code port}.
     */
    static byte[] redirect(int clientTdsVersion, String host, int port) {
        GrowableBuffer out = new GrowableBuffer(128);
        Tokens.loginAck(out, TdsVersion.acknowledge(clientTdsVersion), PROGRAM_NAME, MAJOR, MINOR, BUILD);
        Tokens.envChangeRouting(out, host, port);
        Tokens.done(out, TokenType.DONE, DoneStatus.FINAL, 0, 0);
        return out.toByteArray();
    }

    /** ERROR then DONE with the error bit, as SQL Server answers a login it refuses. */
    static byte[] error(LoginError error, String message, String serverName) {
        GrowableBuffer out = new GrowableBuffer(256);
        Tokens.message(out, new SqlMessage(error.number(), 1, error.severity(), message, serverName, "", 1));
        Tokens.done(out, TokenType.DONE, DoneStatus.ERROR, 0, 0);
        return out.toByteArray();
    }
}
