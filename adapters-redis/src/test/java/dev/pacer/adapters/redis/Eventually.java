package dev.pacer.adapters.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds, for tests that wait on dispatchers running in the background. */
final class Eventually {

    private Eventually() {}

    /**
     * Waits until {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} and the progress when {@code timeout} passes first
     */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + "; " + progress.get());
            }
            Thread.sleep(20);
        }
    }
}
