package dev.pacer.application;

import java.time.Duration;

/**
 * How a dispatcher instance works through due conversations.
 *
 * @param workers conversations served at once by this instance
 * @param claimBatch most conversations taken from the store in one claim
 * @param leaseTtl how long a lease lasts without renewal; renewed every third of it while work runs
 * @param historyTurns latest turns of history given to the reply generator, 0 for none
 * @param idleWait longest wait for new work before the store is asked again
 */
public record DispatchSettings(int workers, int claimBatch, Duration leaseTtl, int historyTurns, Duration idleWait) {

    public DispatchSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (claimBatch < 1) {
            throw new IllegalArgumentException("claimBatch must be at least 1: " + claimBatch);
        }
        if (leaseTtl.toMillis() < 30) {
            throw new IllegalArgumentException("leaseTtl must be at least 30 ms: " + leaseTtl);
        }
        if (historyTurns < 0) {
            throw new IllegalArgumentException("historyTurns must not be negative: " + historyTurns);
        }
        if (idleWait.isNegative() || idleWait.isZero()) {
            throw new IllegalArgumentException("idleWait must be positive: " + idleWait);
        }
    }

    /** Returns the interval at which a running reply renews its lease. */
    public Duration renewInterval() {
        return leaseTtl.dividedBy(3);
    }
}
