package io.sqlmi.engine.server;

import io.sqlmi.engine.errors.SqlError;
import io.sqlmi.engine.exec.BatchExecutor;
import io.sqlmi.engine.exec.Bindings;
import io.sqlmi.engine.exec.CancelledException;
import io.sqlmi.engine.exec.ResponseWriter;
import io.sqlmi.engine.exec.RpcExecutor;
import io.sqlmi.engine.exec.SessionState;
import io.sqlmi.engine.exec.TransactionRequests;
import io.sqlmi.engine.functions.SessionFunctions;
import io.sqlmi.tds.TdsProtocolException;
import io.sqlmi.tds.TdsUnsupportedException;
import io.sqlmi.tds.login.TdsVersion;
import io.sqlmi.tds.packet.PacketType;
import io.sqlmi.tds.packet.TdsMessage;
import io.sqlmi.tds.request.RpcRequest;
import io.sqlmi.tds.request.SqlBatchRequest;
import io.sqlmi.tds.request.TransactionRequest;
import io.sqlmi.tds.token.CurrentCommand;
import io.sqlmi.tds.token.DoneStatus;
import io.sqlmi.tds.token.EnvChangeType;
import io.sqlmi.tds.token.SqlMessage;
import io.sqlmi.tds.token.TokenType;
import io.sqlmi.tds.token.Tokens;
import io.sqlmi.tds.transport.ServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One logged-in connection. The connection's own thread only reads: a request is handed to a
 * request thread, so that the reader can see an attention (cancel) while the request runs and
 * cancel its H2 statement. TDS is half-duplex apart from attention, so at most one request runs;
 * its whole response is written under {@link #writeLock}, and an attention that arrives when
 * nothing runs is acknowledged in a message of its own.
 */
final class Session {
    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    private final ServerTransport transport;
    private final SessionState state;
    private final ExecutorService requestThreads;
    private final ResponseWriter out;
    private final boolean allHeaders;
    private final Object lock = new Object();
    private final Object writeLock = new Object();
    private boolean running;
    private boolean attentionPending;
    private volatile boolean closing;

    Session(ServerTransport transport, SessionState state, ExecutorService requestThreads, int tdsVersion) {
        this.transport = transport;
        this.state = state;
        this.requestThreads = requestThreads;
        this.allHeaders = TdsVersion.atLeast72(tdsVersion);
        boolean nullBitmap = tdsVersion == TdsVersion.V7_3B || tdsVersion == TdsVersion.V7_4
                || tdsVersion == TdsVersion.V8_0;
        this.out = new ResponseWriter(transport.writer(), nullBitmap);
    }

    SessionState state() {
        return state;
    }

    String clientAddress() {
        return transport.socket().getInetAddress().getHostAddress();
    }

    boolean busy() {
        synchronized (lock) {
            return running;
        }
    }

    /** Reads requests until the client leaves; runs on the connection's thread. */
    void serve() {
        try {
            while (!closing) {
                TdsMessage message = transport.reader().readMessage();
                if (message == null) {
                    break;
                }
                if (message.type() == PacketType.ATTENTION) {
                    attention();
                    continue;
                }
                awaitIdleAndMarkRunning();
                requestThreads.execute(() -> process(message));
            }
        } catch (TdsProtocolException e) {
            LOG.log(Level.FINE, "session " + state.spid() + ": malformed input", e);
            protocolError(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "session " + state.spid() + ": connection ended", e);
        } finally {
            awaitIdle();
            state.close();
            transport.close();
        }
    }

    /** Stops the session for shutdown: waits for a running request up to the deadline, then cancels it. */
    void shutdown(long deadlineNanos) {
        closing = true;
        synchronized (lock) {
            while (running && System.nanoTime() < deadlineNanos) {
                try {
                    lock.wait(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (running) {
                state.cancel();
            }
        }
        transport.close();
    }

    private void process(TdsMessage message) {
        boolean fatal = false;
        synchronized (writeLock) {
            SessionFunctions.enter(state);
            try {
                out.begin();
                if (message.resetConnection()) {
                    state.reset();
                    out.envChangeBytes(EnvChangeType.RESET_CONNECTION_ACK, new byte[0], new byte[0]);
                }
                switch (message.type()) {
                    case PacketType.SQL_BATCH -> new BatchExecutor(state, out, TokenType.DONE, Bindings.NONE)
                            .run(SqlBatchRequest.parse(message.payload(), allHeaders).text());
                    case PacketType.RPC -> new RpcExecutor(state, out).run(
                            RpcRequest.parseAll(message.payload(), allHeaders));
                    case PacketType.TRANSACTION_MANAGER -> TransactionRequests.run(state, out,
                            TransactionRequest.parse(message.payload(), allHeaders));
                    case PacketType.BULK_LOAD -> throw new TdsUnsupportedException("bulk load");
                    default -> throw new TdsProtocolException("unexpected packet type " + message.type());
                }
            } catch (CancelledException e) {
                // the acknowledgement below ends the response
            } catch (TdsUnsupportedException e) {
                // the message was framed whole: refuse it and keep the session
                SqlError error = SqlError.NOT_SUPPORTED;
                out.message(new SqlMessage(error.number(), 1, error.severity(), error.format(e.feature()),
                        state.instanceName(), "", 1));
                out.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.OTHER, 0);
            } catch (TdsProtocolException e) {
                SqlError error = SqlError.TDS_STREAM_INCORRECT;
                out.message(new SqlMessage(error.number(), 1, error.severity(), error.format(e.getMessage()),
                        state.instanceName(), "", 1));
                out.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.OTHER, 0);
                fatal = true;
            } catch (UncheckedIOException e) {
                fatal = true;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session " + state.spid() + ": internal error", e);
                out.message(new SqlMessage(50000, 1, 16, "Internal engine error: " + e, state.instanceName(), "", 1));
                out.done(TokenType.DONE, DoneStatus.ERROR, CurrentCommand.OTHER, 0);
            } finally {
                SessionFunctions.leave();
                boolean acknowledge;
                synchronized (lock) {
                    acknowledge = attentionPending;
                    attentionPending = false;
                    state.clearCancel();
                    running = false;
                    lock.notifyAll();
                }
                try {
                    out.finish(acknowledge);
                } catch (IOException | UncheckedIOException e) {
                    fatal = true;
                }
            }
        }
        if (fatal) {
            transport.close();
        }
    }

    private void attention() throws IOException {
        synchronized (lock) {
            if (running) {
                attentionPending = true;
                state.cancel();
                return;
            }
        }
        synchronized (writeLock) {
            transport.writer().beginMessage(PacketType.TABULAR_RESULT);
            Tokens.done(transport.writer(), TokenType.DONE, DoneStatus.ATTENTION, 0, 0);
            transport.writer().endMessage();
        }
    }

    private void protocolError(String detail) {
        synchronized (writeLock) {
            try {
                transport.writer().beginMessage(PacketType.TABULAR_RESULT);
                SqlError error = SqlError.TDS_STREAM_INCORRECT;
                Tokens.message(transport.writer(), new SqlMessage(error.number(), 1, error.severity(),
                        error.format(detail), state.instanceName(), "", 1));
                Tokens.done(transport.writer(), TokenType.DONE, DoneStatus.ERROR, 0, 0);
                transport.writer().endMessage();
            } catch (IOException | UncheckedIOException ignored) {
                // the client is gone; the connection closes anyway
            }
        }
    }

    private void awaitIdleAndMarkRunning() {
        synchronized (lock) {
            awaitIdleLocked();
            running = true;
        }
    }

    private void awaitIdle() {
        synchronized (lock) {
            awaitIdleLocked();
        }
    }

    private void awaitIdleLocked() {
        while (running) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
