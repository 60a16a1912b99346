package io.sqlmi.engine.support;

import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.packet.TdsMessageReader;
import io.sqlmi.tds.packet.TdsMessageWriter;
import io.sqlmi.tds.prelogin.Encryption;
import io.sqlmi.tds.prelogin.PreLogin;
import io.sqlmi.tds.prelogin.PreLoginOption;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.wire.ByteReader;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately minimal TDS client for what real drivers will not send: arbitrary LOGIN7
 * server names, malformed packets and logins. No TLS (the engine under test allows that).
 */
public final class RawTdsClient implements AutoCloseable {
    private final Socket socket;
    private final TdsMessageReader reader;
    private final TdsMessageWriter writer;

    public RawTdsClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        reader = new TdsMessageReader(socket.getInputStream(), 1 << 20);
        writer = new TdsMessageWriter(socket.getOutputStream());
    }

    public OutputStream rawOutput() throws IOException {
        return socket.getOutputStream();
    }

    /** PRELOGIN without encryption; returns the server's answer. */
    public PreLogin preLogin() throws IOException {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(PreLoginOption.VERSION, PreLogin.version(1, 0, 0, 0));
        options.put(PreLoginOption.ENCRYPTION, new byte[] {(byte) Encryption.NOT_SUPPORTED.wireValue()});
        writer.writeMessage(PacketType.PRELOGIN, new PreLogin(options).encode());
        return PreLogin.parse(reader.readMessage().payload());
    }

    /** A well-formed TDS 7.4 LOGIN7. */
    public static byte[] login7(String user, String password, String serverName, String database) {
        return io.sqlmi.tds.login.Login7Writer.sqlLogin("raw-host", user, password, "raw-client", serverName, database);
    }

    /** PRELOGIN and a TDS 7.4 LOGIN7; fails unless the server acknowledged the login. */
    public void login(String user, String password) throws IOException {
        preLogin();
        send(PacketType.LOGIN7, login7(user, password, "raw", ""));
        if (!loggedIn(receive())) {
            throw new IOException("login refused");
        }
    }

    /** ALL_HEADERS with the transaction descriptor header only (outside any transaction: 0). */
    private static void allHeaders(GrowableBuffer out) {
        out.writeInt(22);
        out.writeInt(18);
        out.writeShort(2);
        out.writeLong(0);
        out.writeInt(1);
    }

    /** A SQL batch message payload (TDS 7.2+: ALL_HEADERS, then UTF-16LE text). */
    public static byte[] sqlBatch(String text) {
        GrowableBuffer out = new GrowableBuffer();
        allHeaders(out);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        return out.toByteArray();
    }

    /** TM_BEGIN_XACT (MS-TDS 2.2.6.9): isolation level, then the name as a byte count and UTF-16LE. */
    public static byte[] beginTransaction(String name, int isolationLevel) {
        GrowableBuffer out = new GrowableBuffer();
        allHeaders(out);
        out.writeShort(5);
        out.writeByte(isolationLevel);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_16LE);
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** TM_COMMIT_XACT: the name as a byte count and UTF-16LE, then flags 0 (no new transaction). */
    public static byte[] commitTransaction(String name) {
        GrowableBuffer out = new GrowableBuffer();
        allHeaders(out);
        out.writeShort(7);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_16LE);
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
        out.writeByte(0);
        return out.toByteArray();
    }

    public void send(int type, byte[] payload) throws IOException {
        writer.writeMessage(type, payload);
    }

    public TdsMessage receive() throws IOException {
        return reader.readMessage();
    }

    /** Error numbers in a response message, in order (up to the first token this scanner does not know). */
    public static List<Integer> errorNumbers(TdsMessage response) {
        List<Integer> numbers = new ArrayList<>();
        scan(response, (token, reader) -> {
            if (token == TokenType.ERROR) {
                numbers.add(reader.i32());
            }
        });
        return numbers;
    }

    /** ENVCHANGE types in a response message, in order (up to the first token this scanner does not know). */
    public static List<Integer> envChangeTypes(TdsMessage response) {
        List<Integer> types = new ArrayList<>();
        scan(response, (token, reader) -> {
            if (token == TokenType.ENVCHANGE) {
                types.add(reader.u8());
            }
        });
        return types;
    }

    /** Reads a length-prefixed token's start; the scanner skips to its end afterwards. */
    @FunctionalInterface
    private interface TokenVisitor {
        void visit(int token, ByteReader reader);
    }

    private static void scan(TdsMessage response, TokenVisitor visitor) {
        ByteReader reader = new ByteReader(response.payload());
        while (reader.hasRemaining()) {
            int token = reader.u8();
            switch (token) {
                case TokenType.ERROR, TokenType.INFO, TokenType.ENVCHANGE, TokenType.LOGINACK -> {
                    int length = reader.u16();
                    int start = reader.position();
                    visitor.visit(token, reader);
                    reader.position(start + length);
                }
                case TokenType.FEATUREEXTACK -> {
                    while (reader.u8() != 0xFF) {
                        reader.skip((int) reader.u32());
                    }
                }
                case TokenType.DONE, TokenType.DONEPROC, TokenType.DONEINPROC -> reader.skip(12);
                default -> {
                    return;
                }
            }
        }
    }

    /** Whether the response holds a LOGINACK (a successful login). */
    public static boolean loggedIn(TdsMessage response) {
        byte[] payload = response.payload();
        ByteReader reader = new ByteReader(payload);
        while (reader.hasRemaining()) {
            int token = reader.u8();
            if (token == TokenType.LOGINACK) {
                return true;
            }
            if (token == TokenType.ERROR || token == TokenType.INFO || token == TokenType.ENVCHANGE) {
                reader.skip(reader.u16());
            } else {
                return false;
            }
        }
        return false;
    }

    /** True when the server closed the connection: end of stream (after any error it sent), not a timeout. */
    public boolean closedByServer() {
        try {
            byte[] buffer = new byte[4096];
            while (true) {
                if (socket.getInputStream().read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
