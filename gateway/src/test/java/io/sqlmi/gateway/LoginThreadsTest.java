package io.sqlmi.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoginThreadsTest {
    @Test
    void sequentialLoginsReuseOneThreadInsteadOfStartingTheMaximum() throws Exception {
        LoginThreads threads = LoginThreads.create(64, 10, Thread::new);
        try {
            for (int i = 0; i < 50; i++) {
                threads.submit(() -> { }).get(5, TimeUnit.SECONDS);
                // the next client arrives after this one was served (the worker is back waiting by then)
                Thread.sleep(5);
            }
            assertThat(threads.getLargestPoolSize()).isLessThanOrEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void busyThreadsGrowToTheMaximumThenLoginsWaitThenAreRefused() throws Exception {
        LoginThreads threads = LoginThreads.create(2, 1, Thread::new);
        CountDownLatch release = new CountDownLatch(1);
        try {
            threads.execute(() -> await(release));
            threads.execute(() -> await(release));
            threads.execute(() -> await(release));
            assertThat(threads.getPoolSize()).isEqualTo(2);
            assertThat(threads.waiting()).isEqualTo(1);
            assertThatThrownBy(() -> threads.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
            threads.shutdown();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
