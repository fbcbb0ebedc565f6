package dev.pacer.bootstrap.replay;

import java.time.Duration;

/**
 * Monotonic time since the start of a replay, read from {@link System#nanoTime()} so that a change
 * of the wall clock cannot distort delays. Every time the tool records is an offset from this start.
 */
final class RunClock {

    private final long startNanos = System.nanoTime();

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Blocks until {@code offset} after the start, or returns at once if that time has passed. */
    void sleepUntil(Duration offset) throws InterruptedException {
        Duration remaining = offset.minus(elapsed());
        if (remaining.isPositive()) {
            Thread.sleep(remaining);
        }
    }
}
