package io.sqlmi.gateway.session;

import io.sqlmi.gateway.relay.RelaySession;
import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every connection the gateway holds: those still logging in (their handshake threads' channels) and the relayed
 * sessions. The connection limit counts them; the drain waits for them and closes what is left at its end.
 */
public final class Sessions {
    private final Set<Closeable> loggingIn = ConcurrentHashMap.newKeySet();
    private final Set<RelaySession> relayed = ConcurrentHashMap.newKeySet();

    public int open() {
        return loggingIn.size() + relayed.size();
    }

    public int relayed() {
        return relayed.size();
    }

    void loggingIn(Closeable connection) {
        loggingIn.add(connection);
    }

    void loggedIn(Closeable connection) {
        loggingIn.remove(connection);
    }

    void relaying(RelaySession session) {
        relayed.add(session);
    }

    void ended(RelaySession session) {
        relayed.remove(session);
    }

    /** Closes everything still open. */
    public void closeAll() {
        for (Closeable connection : loggingIn) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        relayed.forEach(RelaySession::terminate);
    }
}
