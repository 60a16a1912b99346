package io.sqlmi.engine.server;

import io.sqlmi.engine.EngineVersion;
import io.sqlmi.engine.catalog.DatabaseCatalog;
import io.sqlmi.engine.catalog.DatabaseInfo;
import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.exec.SessionState;
import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.login.FeatureExtension;
import io.sqlmi.tds.login.FeatureId;
import io.sqlmi.tds.login.Login7;
import io.sqlmi.tds.login.Login7Parser;
import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.packet.TdsMessageWriter;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.EnvChangeType;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.token.Tokens;
import io.sqlmi.tds.transport.ServerTransport;
import io.sqlmi.tds.types.Collation;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a new connection from its first byte to a logged-in session: TDS 8.0 TLS or PRELOGIN,
 * encryption per the client's wish and the server's policy, LOGIN7, the minimal TLS version
 * check (error 47072), authentication (18456), the initial database (4060), and the login
 * response in the order SQL Server sends it (tds-protocol.md section 5).
 */
final class LoginHandshake {
    private static final String LANGUAGE = "us_english";

    private final SqlEngine engine;
    private final ServerTransport transport;

    LoginHandshake(SqlEngine engine, ServerTransport transport) {
        this.engine = engine;
        this.transport = transport;
    }

    /** The logged-in session, or empty when the login was refused (the refusal was sent). */
    Optional<Session> run(int spid) throws IOException {
        transport.writer().spid(spid);
        boolean strict = transport.clientStartsWithTls();
        if (strict) {
            transport.startTls(engine.sslContext(), true);
        }
        TdsMessage first = transport.reader().readMessage();
        if (first == null) {
            return Optional.empty();
        }
        Encryption.Outcome encryption = Encryption.Outcome.NONE;
        TdsMessage loginMessage = first;
        if (first.type() == PacketType.PRELOGIN) {
            PreLogin request = PreLogin.parse(first.payload());
            Encryption answer = strict ? Encryption.NOT_SUPPORTED
                    : Encryption.serverAnswer(request.encryption(), true, engine.config().forceEncryption());
            byte[] version = PreLogin.version(EngineVersion.MAJOR, EngineVersion.MINOR, EngineVersion.BUILD,
                    EngineVersion.SUB_BUILD);
            transport.writer().writeMessage(PacketType.TABULAR_RESULT,
                    PreLogin.serverReply(version, answer).encode());
            encryption = strict ? Encryption.Outcome.NONE : Encryption.outcome(request.encryption(), answer);
            if (encryption == Encryption.Outcome.REFUSED) {
                return Optional.empty();
            }
            if (encryption != Encryption.Outcome.NONE) {
                transport.startTls(engine.sslContext(), false);
            }
            loginMessage = encryption == Encryption.Outcome.LOGIN_ONLY ? transport.readLoginThenStopTls()
                    : transport.reader().readMessage();
            if (loginMessage == null) {
                return Optional.empty();
            }
        }
        if (loginMessage.type() != PacketType.LOGIN7) {
            throw new TdsProtocolException("expected LOGIN7, got packet type " + loginMessage.type());
        }
        Login7 login;
        try {
            login = Login7Parser.parse(loginMessage.payload());
        } catch (TdsProtocolException e) {
            refuse(SqlError.LOGIN_PACKET_INVALID, null);
            return Optional.empty();
        }
        return accept(spid, login, strict || encryption == Encryption.Outcome.FULL);
    }

    private Optional<Session> accept(int spid, Login7 login, boolean encrypted) throws IOException {
        if (!engine.config().minimalTlsVersion().allows(transport.tlsProtocol())) {
            refuse(SqlError.INVALID_TLS_VERSION, null);
            return Optional.empty();
        }
        if (login.integratedSecurity()) {
            refuse(SqlError.UNTRUSTED_DOMAIN, null);
            return Optional.empty();
        }
        Optional<String> loginName = engine.logins().authenticate(login.userName(), login.password());
        if (loginName.isEmpty()) {
            refuse(SqlError.LOGIN_FAILED, login.userName());
            return Optional.empty();
        }
        if (engine.closing()) {
            refuse(SqlError.SHUTDOWN_IN_PROGRESS, null);
            return Optional.empty();
        }
        if (engine.sessionCount() >= engine.config().maxSessions()) {
            refuse(SqlError.MAX_CONNECTIONS, engine.config().maxSessions());
            return Optional.empty();
        }
        String databaseName = login.database().isEmpty() ? DatabaseCatalog.MASTER : login.database();
        Optional<DatabaseInfo> database = engine.catalog().find(databaseName);
        if (database.isEmpty()) {
            refuseDatabase(databaseName, loginName.get());
            return Optional.empty();
        }
        SessionState state = new SessionState(engine, spid, loginName.get(), login.hostName(), login.appName(),
                encrypted);
        try {
            state.open(database.get());
        } catch (SQLException e) {
            refuseDatabase(databaseName, loginName.get());
            return Optional.empty();
        }
        int packetSize = negotiatedPacketSize(login.packetSize());
        sendLoginResponse(login, database.get().name(), packetSize);
        transport.writer().packetSize(packetSize);
        return Optional.of(new Session(transport, state, engine.requestThreads(), login.tdsVersion()));
    }

    private void sendLoginResponse(Login7 login, String database, int packetSize) throws IOException {
        TdsMessageWriter out = transport.writer();
        String server = engine.instanceName();
        out.beginMessage(PacketType.TABULAR_RESULT);
        Tokens.envChangeText(out, EnvChangeType.DATABASE, database, DatabaseCatalog.MASTER);
        Tokens.message(out, new SqlMessage(SqlError.CHANGED_DATABASE.number(), 1, 0,
                SqlError.CHANGED_DATABASE.format(database), server, "", 1));
        Tokens.envChangeBytes(out, EnvChangeType.SQL_COLLATION, Collation.defaultCollation(), new byte[0]);
        Tokens.envChangeText(out, EnvChangeType.LANGUAGE, LANGUAGE, "");
        Tokens.message(out, new SqlMessage(SqlError.CHANGED_LANGUAGE.number(), 1, 0,
                SqlError.CHANGED_LANGUAGE.format(LANGUAGE), server, "", 1));
        Tokens.loginAck(out, TdsVersion.acknowledge(login.tdsVersion()), EngineVersion.PROGRAM_NAME,
                EngineVersion.MAJOR, EngineVersion.MINOR, EngineVersion.BUILD);
        Tokens.envChangeText(out, EnvChangeType.PACKET_SIZE, String.valueOf(packetSize), String.valueOf(packetSize));
        if (!login.features().isEmpty()) {
            Tokens.featureExtAck(out, acknowledgedFeatures(login));
        }
        Tokens.done(out, TokenType.DONE, DoneStatus.FINAL, 0, 0);
        out.endMessage();
    }

    /**
     * Features acknowledged: UTF-8 support (answered "not enabled": text is sent as UTF-16) and
     * Azure SQL support; the others (session recovery, column encryption, JSON and vector types,
     * data classification) stay unacknowledged, which clients read as "not available".
     */
    private static Map<Integer, byte[]> acknowledgedFeatures(Login7 login) {
        Map<Integer, byte[]> acknowledged = new LinkedHashMap<>();
        for (FeatureExtension feature : login.features()) {
            if (feature.id() == FeatureId.UTF8_SUPPORT) {
                acknowledged.put(FeatureId.UTF8_SUPPORT, new byte[] {0});
            }
        }
        return acknowledged;
    }

    private static int negotiatedPacketSize(int requested) {
        if (requested == 0) {
            return TdsMessageWriter.DEFAULT_PACKET_SIZE;
        }
        return Math.max(TdsMessageWriter.MIN_PACKET_SIZE, Math.min(TdsMessageWriter.MAX_PACKET_SIZE, requested));
    }

    private void refuseDatabase(String database, String login) throws IOException {
        TdsMessageWriter out = transport.writer();
        out.beginMessage(PacketType.TABULAR_RESULT);
        Tokens.message(out, message(SqlError.CANNOT_OPEN_DATABASE, database));
        Tokens.message(out, message(SqlError.LOGIN_FAILED, login));
        Tokens.done(out, TokenType.DONE, DoneStatus.ERROR, 0, 0);
        out.endMessage();
    }

    private void refuse(SqlError error, Object argument) throws IOException {
        TdsMessageWriter out = transport.writer();
        out.beginMessage(PacketType.TABULAR_RESULT);
        Tokens.message(out, message(error, argument));
        Tokens.done(out, TokenType.DONE, DoneStatus.ERROR, 0, 0);
        out.endMessage();
    }

    private SqlMessage message(SqlError error, Object argument) {
        return new SqlMessage(error.number(), 1, error.severity(), error.format(argument), engine.instanceName(),
                "", 1);
    }
}
