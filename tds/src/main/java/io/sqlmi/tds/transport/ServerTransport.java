package io.sqlmi.tds.transport;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.packet.TdsMessageReader;
import io.sqlmi.tds.packet.TdsMessageWriter;
import io.sqlmi.tds.packet.TdsPacket;
import io.sqlmi.tds.tls.TlsChannel;
import io.sqlmi.tds.tls.TlsPolicy;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLContext;

/**
 * The server side of one TDS connection: message reader and writer over the socket, with TLS
 * started and (for login-only encryption) stopped under them. Shared by anything that accepts
 * TDS clients: the engine, and a gateway that must read LOGIN7 before it routes.
 */
public final class ServerTransport implements AutoCloseable {
    /** First byte of a TLS handshake record: a TDS 8.0 client speaks TLS before any TDS byte. */
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final Socket socket;
    private final BufferedInputStream rawInput;
    private final OutputStream rawOutput;
    private final TdsMessageReader reader;
    private final TdsMessageWriter writer;
    private final int maxMessageBytes;
    private TlsChannel tls;

    public ServerTransport(Socket socket, int maxMessageBytes) throws IOException {
        this.socket = socket;
        this.maxMessageBytes = maxMessageBytes;
        socket.setTcpNoDelay(true);
        this.rawInput = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.rawOutput = socket.getOutputStream();
        this.reader = new TdsMessageReader(rawInput, maxMessageBytes);
        this.writer = new TdsMessageWriter(rawOutput);
    }

    public Socket socket() {
        return socket;
    }

    public TdsMessageReader reader() {
        return reader;
    }

    public TdsMessageWriter writer() {
        return writer;
    }

    /**
     * Peeks at the first byte: true if the client opened with TLS (TDS 8.0 strict), false for a
     * PRELOGIN or LOGIN7 packet. Anything else is not a TDS client, and is refused before the
     * server waits for a packet body that a bogus length promises.
     */
    public boolean clientStartsWithTls() throws IOException {
        rawInput.mark(1);
        int first = rawInput.read();
        rawInput.reset();
        if (first < 0) {
            throw new EOFException("connection closed before the first byte");
        }
        if (first != TLS_HANDSHAKE_RECORD && first != PacketType.PRELOGIN && first != PacketType.LOGIN7) {
            throw new TdsProtocolException("not a TDS client: first byte 0x" + Integer.toHexString(first));
        }
        return first == TLS_HANDSHAKE_RECORD;
    }

    /** Runs the TLS handshake (raw for strict, else wrapped in PRELOGIN packets) and switches to it. */
    public void startTls(SSLContext context, boolean strict) throws IOException {
        tls = TlsChannel.handshake(TlsPolicy.serverEngine(context, strict), rawInput, rawOutput, !strict);
        reader.input(tls.input());
        writer.output(tls.output());
    }

    /**
     * Reads LOGIN7 under login-only encryption: clients encrypt its first packet only and send the
     * rest, and everything after, in clear (tds-protocol.md section 3), so TLS stops here.
     */
    public TdsMessage readLoginThenStopTls() throws IOException {
        TdsPacket first = reader.readPacket();
        reader.input(rawInput);
        writer.output(rawOutput);
        if (first == null) {
            throw new EOFException("connection closed before LOGIN7");
        }
        if (first.endOfMessage()) {
            return new TdsMessage(first.type(), first.status(), first.payload());
        }
        ByteArrayOutputStream assembled = new ByteArrayOutputStream();
        assembled.write(first.payload());
        TdsPacket next;
        do {
            next = reader.readPacket();
            if (next == null) {
                throw new EOFException("connection closed inside LOGIN7");
            }
            if (assembled.size() + next.payload().length > maxMessageBytes) {
                throw new TdsProtocolException("LOGIN7 larger than " + maxMessageBytes + " bytes");
            }
            assembled.write(next.payload());
        } while (!next.endOfMessage());
        return new TdsMessage(first.type(), first.status(), assembled.toByteArray());
    }

    public boolean encrypted() {
        return tls != null && reader.input() != rawInput;
    }

    /** The TLS version the handshake agreed on ("TLSv1.2"), or null without TLS. */
    public String tlsProtocol() {
        return tls == null ? null : tls.protocol();
    }

    public String applicationProtocol() {
        return tls == null ? "" : tls.applicationProtocol();
    }

    public InputStream rawInput() {
        return rawInput;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort: the peer may already be gone
        }
    }
}
