package dev.pacer.application.port;

import java.time.Instant;
import java.util.concurrent.Future;

/**
 * The time source and the waits of a dispatcher worker, injected so that tests can run the
 * pacing rule without sleeping.
 */
public interface WorkerClock {

    Instant now();

    /** Returns once {@code deadline} has passed. */
    void sleepUntil(Instant deadline) throws InterruptedException;

    /** Returns once {@code work} has completed or {@code deadline} has passed, whichever is first. */
    void awaitUntil(Future<?> work, Instant deadline) throws InterruptedException;
}
