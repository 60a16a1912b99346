package io.sqlmi.gateway.relay;

import io.sqlmi.gateway.wire.Conduit.Detached;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A proxied session after its login: bytes relayed both ways between the client and the engine on one event
 * loop, through TLS on either side where it is on. The relay does not parse TDS: attention packets, several
 * result sets, large values and long idle periods pass as they come, and each session has its own channels and
 * buffers, so nothing can cross between sessions. A side that cannot take more stops reading on the other side
 * (back-pressure); when either side closes, what is queued for the other is written, then both are closed.
 */
public final class RelaySession {
    private static final int MAX_READS_PER_WAKEUP = 16;

    private final EventLoop loop;
    private final Side client;
    private final Side engine;
    private final Consumer<RelaySession> onClose;
    private volatile boolean closed;

    public RelaySession(EventLoop loop, Detached client, Detached engine, LongConsumer fromClient, LongConsumer fromEngine,
            Consumer<RelaySession> onClose) {
        this.loop = loop;
        this.client = new Side(client, fromClient);
        this.engine = new Side(engine, fromEngine);
        this.client.peer = this.engine;
        this.engine.peer = this.client;
        this.onClose = onClose;
    }

    /** Hands the session to its loop, which registers both channels and relays what was already received. */
    public void start() {
        loop.execute(this::register);
    }

    /** Closes both connections from any thread (the drain's end, or a gateway stop). */
    public void terminate() {
        loop.execute(this::close);
    }

    public boolean closed() {
        return closed;
    }

    private void register() {
        try {
            client.register();
            engine.register();
            if (client.unreadPlain != null) {
                engine.pendingPlain = client.unreadPlain;
                client.unreadPlain = null;
            }
            if (engine.unreadPlain != null) {
                client.pendingPlain = engine.unreadPlain;
                engine.unreadPlain = null;
            }
            flush(client);
            flush(engine);
            pump(client);
            pump(engine);
            settle();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    private void ready(Side side, SelectionKey key) {
        try {
            if (key.isWritable() && flush(side)) {
                pump(side.peer);
            }
            if (key.isValid() && key.isReadable()) {
                pump(side);
            }
            settle();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    /** Relays from {@code source} to its peer while there is input and the peer takes it. */
    private void pump(Side source) throws IOException {
        Side target = source.peer;
        for (int reads = 0; reads < MAX_READS_PER_WAKEUP && !source.eof && !target.pending(); reads++) {
            ByteBuffer plain = source.tls == null ? readClear(source) : readTls(source);
            if (plain == null) {
                return;
            }
            source.received.accept(plain.remaining());
            target.pendingPlain = plain;
            flush(target);
        }
    }

    private ByteBuffer readClear(Side source) throws IOException {
        ByteBuffer buffer = loop.buffers().take();
        int count = source.channel.read(buffer);
        if (count <= 0) {
            loop.buffers().give(buffer);
            source.eof |= count < 0;
            return null;
        }
        return buffer.flip();
    }

    private ByteBuffer readTls(Side source) throws IOException {
        ByteBuffer in = source.cipherIn;
        if (in == null || !in.isDirect()) {
            ByteBuffer pooled = loop.buffers().take();
            if (in != null) {
                pooled.put(in);
            }
            in = pooled.flip();
        }
        in.compact();
        int count;
        try {
            count = source.channel.read(in);
        } finally {
            in.flip();
        }
        ByteBuffer plain = loop.buffers().take();
        int room = source.tls.getSession().getApplicationBufferSize();
        unwrapping:
        while (in.hasRemaining() && plain.remaining() >= room) {
            SSLEngineResult result = source.tls.unwrap(in, plain);
            switch (result.getStatus()) {
                case OK -> answerHandshake(source);
                case CLOSED -> {
                    source.eof = true;
                    break unwrapping;
                }
                default -> {
                    break unwrapping;
                }
            }
        }
        if (in.hasRemaining()) {
            source.cipherIn = in;
        } else {
            source.cipherIn = null;
            loop.buffers().give(in);
        }
        source.eof |= count < 0;
        plain.flip();
        if (!plain.hasRemaining()) {
            loop.buffers().give(plain);
            return null;
        }
        return plain;
    }

    /** A TLS 1.3 key update or session ticket after the handshake may need an answer on the same side. */
    private void answerHandshake(Side side) throws IOException {
        while (true) {
            switch (side.tls.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = side.tls.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    ByteBuffer wire = ByteBuffer.allocate(side.tls.getSession().getPacketBufferSize());
                    side.tls.wrap(ByteBuffer.allocate(0), wire);
                    wire.flip();
                    side.queueWire(wire);
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** Writes what is queued for {@code side}; true when nothing is left. */
    private boolean flush(Side side) throws IOException {
        while (true) {
            if (side.out != null) {
                side.channel.write(side.out);
                if (side.out.hasRemaining()) {
                    return false;
                }
                loop.buffers().give(side.out);
                side.out = null;
            }
            if (side.pendingPlain == null) {
                return true;
            }
            if (side.tls == null) {
                side.out = side.pendingPlain;
                side.pendingPlain = null;
                continue;
            }
            ByteBuffer wire = loop.buffers().take();
            int room = side.tls.getSession().getPacketBufferSize();
            ByteBuffer plain = side.pendingPlain;
            while (plain.hasRemaining() && wire.remaining() >= room) {
                int start = plain.position();
                ByteBuffer packet = plain.duplicate();
                packet.limit(start + side.packets.nextChunk(plain));
                SSLEngineResult result = side.tls.wrap(packet, wire);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    loop.buffers().give(wire);
                    throw new SSLException("TLS closed on the " + side + " side");
                }
                plain.position(packet.position());
                side.packets.consumed(plain, start, result.bytesConsumed());
            }
            if (!side.pendingPlain.hasRemaining()) {
                loop.buffers().give(side.pendingPlain);
                side.pendingPlain = null;
            }
            side.out = wire.flip();
        }
    }

    /** Sets each key's interest from the state, and closes the session once a closed side has been flushed. */
    private void settle() {
        if (closed) {
            return;
        }
        if ((client.eof && !engine.pending()) || (engine.eof && !client.pending())) {
            close();
            return;
        }
        client.interest();
        engine.interest();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.release();
        engine.release();
        onClose.accept(this);
    }

    private final class Side implements EventLoop.Ready {
        private final SocketChannel channel;
        private final SSLEngine tls;
        private final LongConsumer received;
        private final PacketBoundaries packets = new PacketBoundaries();
        private SelectionKey key;
        private Side peer;
        private ByteBuffer cipherIn;
        private ByteBuffer unreadPlain;
        private ByteBuffer pendingPlain;
        private ByteBuffer out;
        private boolean eof;

        Side(Detached detached, LongConsumer received) {
            this.channel = detached.channel();
            this.tls = detached.tls();
            this.received = received;
            this.cipherIn = detached.unreadCipher().hasRemaining() ? detached.unreadCipher() : null;
            this.unreadPlain = detached.unreadPlain().hasRemaining() ? detached.unreadPlain() : null;
        }

        void register() throws IOException {
            channel.configureBlocking(false);
            key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        }

        boolean pending() {
            return out != null || pendingPlain != null;
        }

        void queueWire(ByteBuffer wire) {
            if (out == null) {
                out = wire;
                return;
            }
            ByteBuffer joined = ByteBuffer.allocate(out.remaining() + wire.remaining());
            joined.put(out).put(wire).flip();
            loop.buffers().give(out);
            out = joined;
        }

        void interest() {
            int ops = 0;
            if (!eof && !peer.pending()) {
                ops |= SelectionKey.OP_READ;
            }
            if (pending()) {
                ops |= SelectionKey.OP_WRITE;
            }
            if (key.isValid() && key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        void release() {
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
            loop.buffers().give(cipherIn);
            loop.buffers().give(pendingPlain);
            loop.buffers().give(out);
            cipherIn = null;
            pendingPlain = null;
            out = null;
        }

        @Override
        public void ready(SelectionKey selected) {
            RelaySession.this.ready(this, selected);
        }

        @Override
        public String toString() {
            return this == client ? "client" : "engine";
        }
    }
}
