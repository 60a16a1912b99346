package io.sqlmi.tds.tls;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessageReader;
import io.sqlmi.tds.packet.TdsMessageWriter;
import io.sqlmi.tds.packet.TdsPacket;
import io.sqlmi.tds.wire.GrowableBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * The server end of a TLS session over a TDS socket, on an {@link SSLEngine}.
 *
 * <p>In TDS 7.x the handshake records travel inside PRELOGIN (0x12) packets, and every flight of
 * the server must end with an end-of-message packet because clients (pytds, FreeTDS) read one
 * whole message per flight. After the handshake the records flow raw on the socket
 * (tds-protocol.md section 3). In TDS 8.0 (strict) the handshake is raw from the first byte.
 *
 * <p>Reads and writes may run on different threads at once (the session reads an attention
 * while a query streams its result); SSLEngine allows wrap and unwrap to run concurrently, and
 * each direction here has its own buffers.
 */
public final class TlsChannel {
    private final SSLEngine engine;
    private final InputStream rawInput;
    private final OutputStream rawOutput;
    private final boolean wrappedInPrelogin;
    private ByteBuffer networkIn;
    private final ByteBuffer applicationIn;
    private ByteBuffer networkOut;
    private final Object writeLock = new Object();
    private final InputStream input = new TlsInput();
    private final OutputStream output = new TlsOutput();

    private TlsChannel(SSLEngine engine, InputStream rawInput, OutputStream rawOutput, boolean wrappedInPrelogin) {
        this.engine = engine;
        this.rawInput = rawInput;
        this.rawOutput = rawOutput;
        this.wrappedInPrelogin = wrappedInPrelogin;
        SSLSession session = engine.getSession();
        networkIn = ByteBuffer.allocate(session.getPacketBufferSize());
        networkIn.flip();
        applicationIn = ByteBuffer.allocate(session.getApplicationBufferSize());
        applicationIn.flip();
        networkOut = ByteBuffer.allocate(session.getPacketBufferSize());
    }

    /**
     * Runs the server handshake. With {@code wrappedInPrelogin} the records are read from and
     * written to PRELOGIN packets ({@code rawInput} must then be positioned at a packet boundary).
     */
    public static TlsChannel handshake(SSLEngine engine, InputStream rawInput, OutputStream rawOutput,
            boolean wrappedInPrelogin) throws IOException {
        TlsChannel channel = new TlsChannel(engine, rawInput, rawOutput, wrappedInPrelogin);
        channel.runHandshake();
        return channel;
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    public SSLSession session() {
        return engine.getSession();
    }

    /** The negotiated protocol, e.g. "TLSv1.2". */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    public String applicationProtocol() {
        String protocol = engine.getApplicationProtocol();
        return protocol == null ? "" : protocol;
    }

    private void runHandshake() throws IOException {
        engine.beginHandshake();
        GrowableBuffer flight = new GrowableBuffer(4096);
        ByteBuffer empty = ByteBuffer.allocate(0);
        while (true) {
            SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP -> {
                    networkOut.clear();
                    SSLEngineResult result = engine.wrap(empty, networkOut);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        networkOut = ByteBuffer.allocate(networkOut.capacity() * 2);
                        continue;
                    }
                    networkOut.flip();
                    flight.writeBytes(networkOut.array(), 0, networkOut.limit());
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        sendFlight(flight);
                        throw new SSLException("TLS handshake refused");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    sendFlight(flight);
                    unwrapHandshake();
                }
                case NEED_TASK -> runDelegatedTasks();
                case FINISHED, NOT_HANDSHAKING -> {
                    sendFlight(flight);
                    return;
                }
                default -> throw new SSLException("unexpected handshake status " + status);
            }
        }
    }

    private void unwrapHandshake() throws IOException {
        applicationIn.compact();
        try {
            while (true) {
                SSLEngineResult result = engine.unwrap(networkIn, applicationIn);
                switch (result.getStatus()) {
                    case OK -> {
                        return;
                    }
                    case BUFFER_UNDERFLOW -> readHandshakeInput();
                    case CLOSED -> throw new SSLException("peer closed the TLS handshake");
                    default -> throw new SSLException("TLS handshake buffer overflow");
                }
            }
        } finally {
            applicationIn.flip();
        }
    }

    private void readHandshakeInput() throws IOException {
        if (!wrappedInPrelogin) {
            readRaw();
            return;
        }
        TdsPacket packet = new TdsMessageReader(rawInput, Integer.MAX_VALUE).readPacket();
        if (packet == null) {
            throw new EOFException("connection closed during the TLS handshake");
        }
        if (packet.type() != PacketType.PRELOGIN) {
            throw new TdsProtocolException("packet type " + packet.type() + " inside the TLS handshake");
        }
        appendNetwork(packet.payload(), packet.payload().length);
    }

    private void readRaw() throws IOException {
        byte[] chunk = new byte[Math.max(1024, networkIn.capacity() - networkIn.remaining())];
        int count = rawInput.read(chunk);
        if (count < 0) {
            throw new EOFException("connection closed inside a TLS record");
        }
        appendNetwork(chunk, count);
    }

    private void appendNetwork(byte[] bytes, int count) {
        networkIn.compact();
        if (networkIn.remaining() < count) {
            ByteBuffer larger = ByteBuffer.allocate(networkIn.position() + count + 1024);
            networkIn.flip();
            larger.put(networkIn);
            networkIn = larger;
        }
        networkIn.put(bytes, 0, count);
        networkIn.flip();
    }

    private void sendFlight(GrowableBuffer flight) throws IOException {
        if (flight.size() == 0) {
            return;
        }
        if (wrappedInPrelogin) {
            TdsMessageWriter writer = new TdsMessageWriter(rawOutput);
            writer.writeMessage(PacketType.PRELOGIN, flight.toByteArray());
        } else {
            rawOutput.write(flight.toByteArray());
            rawOutput.flush();
        }
        flight.reset();
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private int readApplication(byte[] target, int offset, int length) throws IOException {
        while (!applicationIn.hasRemaining()) {
            applicationIn.clear();
            SSLEngineResult result;
            try {
                result = engine.unwrap(networkIn, applicationIn);
            } finally {
                applicationIn.flip();
            }
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    byte[] chunk = new byte[8192];
                    int count = rawInput.read(chunk);
                    if (count < 0) {
                        return -1;
                    }
                    appendNetwork(chunk, count);
                }
                case CLOSED -> {
                    return -1;
                }
                case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the application buffer");
                case OK -> {
                    if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runDelegatedTasks();
                    }
                    if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        writeApplication(new byte[0], 0, 0);
                    }
                }
                default -> throw new SSLException("unexpected TLS status " + result.getStatus());
            }
        }
        int count = Math.min(length, applicationIn.remaining());
        applicationIn.get(target, offset, count);
        return count;
    }

    private void writeApplication(byte[] source, int offset, int length) throws IOException {
        synchronized (writeLock) {
            ByteBuffer plain = ByteBuffer.wrap(source, offset, length);
            do {
                networkOut.clear();
                SSLEngineResult result = engine.wrap(plain, networkOut);
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    networkOut = ByteBuffer.allocate(networkOut.capacity() * 2);
                    continue;
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("TLS session closed");
                }
                rawOutput.write(networkOut.array(), 0, networkOut.position());
            } while (plain.hasRemaining());
        }
    }

    private final class TlsInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int count = read(one, 0, 1);
            return count < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return readApplication(target, offset, length);
        }
    }

    private final class TlsOutput extends OutputStream {
        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            writeApplication(source, offset, length);
        }

        @Override
        public void flush() throws IOException {
            rawOutput.flush();
        }
    }
}
