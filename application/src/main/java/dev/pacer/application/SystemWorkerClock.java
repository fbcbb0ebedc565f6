package dev.pacer.application;

import dev.pacer.application.port.WorkerClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The wall clock, with waits that park the calling (virtual) thread. */
public final class SystemWorkerClock implements WorkerClock {

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isPositive()) {
            Thread.sleep(left);
        }
    }

    @Override
    public void awaitUntil(Future<?> work, Instant deadline) throws InterruptedException {
        long nanos = Duration.between(Instant.now(), deadline).toNanos();
        if (nanos <= 0 || work.isDone()) {
            return;
        }
        try {
            work.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // The caller inspects the future itself; only the wait matters here.
        }
    }
}
