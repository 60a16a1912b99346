package io.sqlmi.gateway;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handshake threads: at most {@code max}, created only when no idle one can take a login, and ended after
 * 30 idle seconds. A plain {@link ThreadPoolExecutor} would start a new thread for each of its first {@code max}
 * tasks even with idle threads around; a burst of logins then leaves {@code max} stacks behind. Logins beyond
 * {@code max} running at once wait in a bounded queue; beyond that they are refused.
 */
final class LoginThreads extends ThreadPoolExecutor {
    private final Queue queue;

    private LoginThreads(int max, int queued, ThreadFactory threads, Queue queue) {
        super(0, max, 30, TimeUnit.SECONDS, queue, threads, (task, executor) -> {
            if (!queue.force(task)) {
                throw new RejectedExecutionException("every handshake thread is busy and " + queued + " wait");
            }
        });
        this.queue = queue;
        queue.executor = this;
    }

    static LoginThreads create(int max, int queued, ThreadFactory threads) {
        return new LoginThreads(max, queued, threads, new Queue(queued));
    }

    int waiting() {
        return queue.size();
    }

    /** Takes a task only when an idle thread waits for one, or when no more threads may be started. */
    private static final class Queue extends LinkedBlockingQueue<Runnable> {
        private final AtomicInteger idle = new AtomicInteger();
        private ThreadPoolExecutor executor;

        Queue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable task) {
            if (idle.get() == 0 && executor.getPoolSize() < executor.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        @Override
        public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.poll(timeout, unit);
            } finally {
                idle.decrementAndGet();
            }
        }

        @Override
        public Runnable take() throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.take();
            } finally {
                idle.decrementAndGet();
            }
        }

        boolean force(Runnable task) {
            return super.offer(task);
        }
    }
}
