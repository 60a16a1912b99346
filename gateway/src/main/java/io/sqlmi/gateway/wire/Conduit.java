package io.sqlmi.gateway.wire;

import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.packet.TdsMessageReader;
import io.sqlmi.tds.packet.TdsPacket;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One side of a session (toward the client or toward the engine) while the login is negotiated: a blocking
 * {@link SocketChannel} with TLS started and stopped under the TDS messages, the way SQL Server does it (TLS
 * records wrapped in PRELOGIN packets for TDS 7.x, raw for TDS 8.0; tds-protocol.md section 3).
 *
 * <p>Every read takes from the socket exactly the bytes of the next TDS packet header or body, or of the next
 * TLS record, never more. That is what makes login-only encryption safe: the client sends the first LOGIN7
 * packet in TLS and what follows in clear, so a read ahead would swallow clear bytes into TLS. After the login
 * the relay takes the channel and the TLS engine over, with anything left unread ({@link #detach}).
 */
public final class Conduit implements Closeable {
    private static final int TLS_HEADER = 5;
    /** TLSCiphertext may carry 2^14 bytes plus 2048 of expansion (RFC 5246 6.2.3). */
    private static final int MAX_TLS_RECORD = 16384 + 2048;
    private static final int MAX_HANDSHAKE_BYTES = 256 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** What the relay continues from: the channel, its TLS engine or null, and bytes read but not yet used. */
    public record Detached(SocketChannel channel, SSLEngine tls, ByteBuffer unreadPlain, ByteBuffer unreadCipher) {
    }

    private final SocketChannel channel;
    private SSLEngine tls;
    private ByteBuffer pushback;
    private ByteBuffer tlsIn = ByteBuffer.allocate(0);
    private ByteBuffer plainIn = ByteBuffer.allocate(0);
    private ByteBuffer tlsOut = ByteBuffer.allocate(0);
    private final InputStream input = new PlainInput();
    private int handshakeBytes;

    public Conduit(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(true);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    public SocketChannel channel() {
        return channel;
    }

    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The first byte the peer sends, left unread: 0x16 opens TDS 8.0 (TLS first), 0x12 a PRELOGIN. */
    public int peekFirstByte() throws IOException {
        ByteBuffer first = ByteBuffer.allocate(1);
        readRawFully(first);
        pushback = first.flip();
        return first.get(0) & 0xFF;
    }

    /** The next whole message (plaintext), or null when the peer closed between messages. */
    public TdsMessage readMessage(int maxBytes) throws IOException {
        return new TdsMessageReader(input, maxBytes).readMessage();
    }

    /** The next packet (plaintext), or null when the peer closed between packets. */
    public TdsPacket readPacket() throws IOException {
        return new TdsMessageReader(input, Integer.MAX_VALUE).readPacket();
    }

    public void writeMessage(int type, byte[] payload) throws IOException {
        for (ByteBuffer packet : Packets.frame(type, payload, Packets.LOGIN_PACKET_SIZE)) {
            writePlain(packet);
        }
    }

    /** Writes plaintext: through TLS when it is on, else as it is. */
    public void writePlain(ByteBuffer plain) throws IOException {
        if (tls == null) {
            writeRaw(plain);
            return;
        }
        while (plain.hasRemaining()) {
            wrap(plain);
            writeRaw(tlsOut);
        }
    }

    /**
     * Runs a TLS handshake with {@code engine} (in client or server mode as set), its records wrapped in PRELOGIN
     * packets for TDS 7.x or raw for TDS 8.0, and turns TLS on.
     */
    public void handshake(SSLEngine engine, boolean wrappedInPrelogin) throws IOException {
        tls = engine;
        engine.beginHandshake();
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    SSLEngineResult result = wrap(EMPTY);
                    flight.write(tlsOut.array(), tlsOut.position(), tlsOut.remaining());
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        sendFlight(flight, wrappedInPrelogin);
                        throw new SSLException("the TLS handshake was refused");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    sendFlight(flight, wrappedInPrelogin);
                    unwrapHandshake(wrappedInPrelogin);
                }
                case NEED_TASK -> runTasks();
                default -> {
                    sendFlight(flight, wrappedInPrelogin);
                    return;
                }
            }
        }
    }

    /** Login-only encryption: TLS ends after the first LOGIN7 packet, in both directions. */
    public void stopTls() throws TdsProtocolException {
        if (plainIn.hasRemaining()) {
            throw new TdsProtocolException("the client sent more than one packet inside TLS under login-only "
                    + "encryption");
        }
        if (tlsIn.hasRemaining()) {
            pushback = tlsIn;
            tlsIn = ByteBuffer.allocate(0);
        }
        tls = null;
    }

    public SSLEngine tls() {
        return tls;
    }

    /** The negotiated TLS version ("TLSv1.2"), or null while TLS is off. */
    public String tlsProtocol() {
        return tls == null ? null : tls.getSession().getProtocol();
    }

    /** Hands the channel to the relay; this conduit is not used again. */
    public Detached detach() {
        ByteBuffer cipher = tls != null ? concat(pushback, tlsIn) : ByteBuffer.allocate(0);
        ByteBuffer plain = tls == null ? concat(pushback, plainIn) : plainIn;
        return new Detached(channel, tls, plain, cipher);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the peer may be gone already
        }
    }

    private void unwrapHandshake(boolean wrapped) throws IOException {
        while (true) {
            SSLEngineResult result = unwrap();
            switch (result.getStatus()) {
                case OK -> {
                    return;
                }
                case BUFFER_UNDERFLOW -> {
                    if (wrapped) {
                        readWrappedHandshake();
                    } else {
                        readRecord();
                    }
                }
                case CLOSED -> throw new SSLException("the peer closed the TLS handshake");
                default -> throw new SSLException("unexpected TLS status " + result.getStatus());
            }
        }
    }

    /** Reads one PRELOGIN packet of the handshake and appends its TLS bytes (old servers use type 0x04). */
    private void readWrappedHandshake() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(TdsPacket.HEADER_LENGTH);
        readRawFully(header);
        int type = header.get(0) & 0xFF;
        int length = (header.get(2) & 0xFF) << 8 | (header.get(3) & 0xFF);
        if (type != PacketType.PRELOGIN && type != PacketType.TABULAR_RESULT) {
            throw new TdsProtocolException("packet type 0x" + Integer.toHexString(type) + " inside the TLS handshake");
        }
        if (length <= TdsPacket.HEADER_LENGTH) {
            throw new TdsProtocolException("invalid packet length " + length + " inside the TLS handshake");
        }
        countHandshake(length);
        ByteBuffer payload = ByteBuffer.allocate(length - TdsPacket.HEADER_LENGTH);
        readRawFully(payload);
        payload.flip();
        appendCipher(payload);
    }

    /**
     * Reads exactly the bytes that complete the first incomplete TLS record held (a new record when every record
     * held is complete), and nothing beyond it.
     */
    private void readRecord() throws IOException {
        int offset = 0;
        while (true) {
            int available = tlsIn.remaining() - offset;
            if (available < TLS_HEADER) {
                readCipher(TLS_HEADER - available);
                continue;
            }
            int start = tlsIn.position() + offset;
            int length = (tlsIn.get(start + 3) & 0xFF) << 8 | (tlsIn.get(start + 4) & 0xFF);
            if (length > MAX_TLS_RECORD) {
                throw new SSLException("TLS record of " + length + " bytes");
            }
            if (available < TLS_HEADER + length) {
                readCipher(TLS_HEADER + length - available);
                return;
            }
            offset += TLS_HEADER + length;
        }
    }

    private void readCipher(int count) throws IOException {
        if (tls.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            countHandshake(count);
        }
        ByteBuffer bytes = ByteBuffer.allocate(count);
        readRawFully(bytes);
        bytes.flip();
        appendCipher(bytes);
    }

    private void countHandshake(int bytes) throws TdsProtocolException {
        handshakeBytes += bytes;
        if (handshakeBytes > MAX_HANDSHAKE_BYTES) {
            throw new TdsProtocolException("TLS handshake larger than " + MAX_HANDSHAKE_BYTES + " bytes");
        }
    }

    private SSLEngineResult unwrap() throws SSLException {
        while (true) {
            int needed = tls.getSession().getApplicationBufferSize();
            plainIn = ensureWritable(plainIn, needed);
            SSLEngineResult result;
            try {
                result = tls.unwrap(tlsIn, plainIn);
            } finally {
                plainIn.flip();
            }
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            plainIn = grow(plainIn, needed * 2);
        }
    }

    private SSLEngineResult wrap(ByteBuffer plain) throws SSLException {
        int needed = tls.getSession().getPacketBufferSize();
        if (tlsOut.capacity() < needed) {
            tlsOut = ByteBuffer.allocate(needed);
        }
        while (true) {
            tlsOut.clear();
            SSLEngineResult result = tls.wrap(plain, tlsOut);
            tlsOut.flip();
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            tlsOut = ByteBuffer.allocate(tlsOut.capacity() * 2);
        }
    }

    private int readPlain(byte[] target, int offset, int length) throws IOException {
        if (tls == null) {
            if (plainIn.hasRemaining()) {
                return take(plainIn, target, offset, length);
            }
            if (pushback != null && pushback.hasRemaining()) {
                return take(pushback, target, offset, length);
            }
            return channel.read(ByteBuffer.wrap(target, offset, length));
        }
        while (!plainIn.hasRemaining()) {
            if (tlsIn.remaining() < TLS_HEADER || tlsIn.remaining() < TLS_HEADER + recordLength()) {
                if (!readRecordOrEof()) {
                    return -1;
                }
            }
            SSLEngineResult result = unwrap();
            switch (result.getStatus()) {
                case CLOSED -> {
                    return -1;
                }
                case BUFFER_UNDERFLOW -> throw new SSLException("incomplete TLS record");
                default -> afterUnwrap();
            }
        }
        return take(plainIn, target, offset, length);
    }

    /** TLS 1.3 sends session tickets and key updates after the handshake; answer what needs an answer. */
    private void afterUnwrap() throws IOException {
        while (true) {
            switch (tls.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    wrap(EMPTY);
                    writeRaw(tlsOut);
                }
                default -> {
                    return;
                }
            }
        }
    }

    private boolean readRecordOrEof() throws IOException {
        if (tlsIn.remaining() == 0 && (pushback == null || !pushback.hasRemaining())) {
            ByteBuffer first = ByteBuffer.allocate(1);
            if (channel.read(first) < 0) {
                return false;
            }
            first.flip();
            appendCipher(first);
        }
        readRecord();
        return true;
    }

    private int recordLength() {
        return (tlsIn.get(tlsIn.position() + 3) & 0xFF) << 8 | (tlsIn.get(tlsIn.position() + 4) & 0xFF);
    }

    private void sendFlight(ByteArrayOutputStream flight, boolean wrapped) throws IOException {
        if (flight.size() == 0) {
            return;
        }
        if (wrapped) {
            for (ByteBuffer packet : Packets.frame(PacketType.PRELOGIN, flight.toByteArray(), Packets.LOGIN_PACKET_SIZE)) {
                writeRaw(packet);
            }
        } else {
            writeRaw(ByteBuffer.wrap(flight.toByteArray()));
        }
        flight.reset();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tls.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void writeRaw(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private void readRawFully(ByteBuffer target) throws IOException {
        while (target.hasRemaining()) {
            if (pushback != null && pushback.hasRemaining()) {
                int count = Math.min(target.remaining(), pushback.remaining());
                ByteBuffer slice = pushback.slice().limit(count);
                target.put(slice);
                pushback.position(pushback.position() + count);
                continue;
            }
            if (channel.read(target) < 0) {
                throw new EOFException("the peer closed the connection");
            }
        }
    }

    private void appendCipher(ByteBuffer bytes) {
        tlsIn = ensureWritable(tlsIn, bytes.remaining());
        tlsIn.put(bytes);
        tlsIn.flip();
    }

    /** Turns a read-mode buffer into write mode with at least {@code room} bytes free, keeping its content. */
    private static ByteBuffer ensureWritable(ByteBuffer buffer, int room) {
        if (buffer.capacity() - buffer.remaining() < room) {
            ByteBuffer larger = ByteBuffer.allocate(buffer.remaining() + room);
            larger.put(buffer);
            return larger;
        }
        buffer.compact();
        return buffer;
    }

    private static ByteBuffer grow(ByteBuffer readMode, int room) {
        ByteBuffer larger = ByteBuffer.allocate(readMode.remaining() + room);
        larger.put(readMode);
        larger.flip();
        return larger;
    }

    private static int take(ByteBuffer source, byte[] target, int offset, int length) {
        int count = Math.min(length, source.remaining());
        source.get(target, offset, count);
        return count;
    }

    private static ByteBuffer concat(ByteBuffer first, ByteBuffer second) {
        int size = (first == null ? 0 : first.remaining()) + second.remaining();
        ByteBuffer joined = ByteBuffer.allocate(size);
        if (first != null) {
            joined.put(first);
        }
        joined.put(second);
        joined.flip();
        return joined;
    }

    private final class PlainInput extends InputStream {
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
            int count;
            do {
                count = readPlain(target, offset, length);
            } while (count == 0);
            return count;
        }
    }
}
