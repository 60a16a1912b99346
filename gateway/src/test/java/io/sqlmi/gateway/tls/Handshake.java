package io.sqlmi.gateway.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** Runs a TLS handshake between two engines in memory, for key-manager tests. */
final class Handshake {
    private Handshake() {
    }

    static void run(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
        ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 100; step++) {
            boolean clientDone = done(client.getHandshakeStatus());
            boolean serverDone = done(server.getHandshakeStatus());
            if (clientDone && serverDone) {
                return;
            }
            move(client, toServer, toClient, scratch);
            move(server, toClient, toServer, scratch);
        }
        throw new SSLException("handshake did not finish");
    }

    private static boolean done(HandshakeStatus status) {
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void move(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer scratch) throws SSLException {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
            case NEED_UNWRAP -> {
                in.flip();
                scratch.clear();
                engine.unwrap(in, scratch);
                in.compact();
            }
            case NEED_TASK -> {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            }
            default -> {
            }
        }
    }
}
