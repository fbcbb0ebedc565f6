package dev.pacer.benchmarks.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a blocking call for items 0..n-1 on a fixed number of virtual threads, each taking the
 * next item from a shared counter, so exactly {@code concurrency} calls are in flight until the
 * items run out.
 */
public final class ConcurrentLoad {

    /** One blocking call for one item. */
    @FunctionalInterface
    public interface Call {
        void run(int item) throws Exception;
    }

    private ConcurrentLoad() {}

    /**
     * Runs every item and returns the elapsed nanoseconds.
     *
     * @throws IllegalStateException carrying the first failure of any call, after all threads stopped
     */
    public static long run(int items, int concurrency, Call call) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(concurrency);

        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofVirtual().name("bench-load-", t).start(() -> {
                for (int item = next.getAndIncrement(); item < items && failure.get() == null;
                        item = next.getAndIncrement()) {
                    try {
                        call.run(item);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;

        if (failure.get() != null) {
            throw new IllegalStateException("load call failed: " + failure.get(), failure.get());
        }
        return elapsed;
    }
}
