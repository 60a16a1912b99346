package io.sqlmi.gateway.relay;

import io.sqlmi.gateway.ops.Log;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread that relays the sessions given to it. Everything about a session (both channels, TLS
 * engines, buffers) is touched by this thread only; other threads hand work over with {@link #execute}.
 */
public final class EventLoop implements Runnable {
    /** Called by the loop when a key it watches is ready. */
    interface Ready {
        void ready(SelectionKey key);
    }

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final BufferPool buffers = new BufferPool(64);
    private final Thread thread;
    private volatile boolean stopped;

    public EventLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(null, this, name, 256 * 1024);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    public void stop() {
        stopped = true;
        selector.wakeup();
    }

    Selector selector() {
        return selector;
    }

    BufferPool buffers() {
        return buffers;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
                while (selected.hasNext()) {
                    SelectionKey key = selected.next();
                    selected.remove();
                    if (key.isValid() && key.attachment() instanceof Ready ready) {
                        ready.ready(key);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Log.error("relay_loop_error", "thread", thread.getName(), "error", e);
            }
        }
        // a stopped loop closes what it still relays, so that no connection outlives its gateway
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }
}
