package io.sqlmi.gateway.session;

import io.sqlmi.gateway.wire.Conduit;
import java.nio.ByteBuffer;
import java.util.List;

/** A login the gateway sent an engine: the connection, the response's packets as received, and what it says. */
record EngineLogin(Conduit engine, EncryptionMode encryption, List<ByteBuffer> responsePackets,
        LoginOutcome outcome) {
}
