package dev.pacer.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how late a failed reply is tried again.
 *
 * <p>After the n-th failure (n starting at 1) the backoff is {@code base × 2^(n-1)}, capped at
 * {@code maxBackoff}, then multiplied by a random factor in {@code [1 - jitterRatio, 1]} so that
 * conversations failing together do not retry together. A retry-after hint from the failing
 * service raises the backoff to that hint, but never beyond {@code maxBackoff}, so a server
 * asking for a day cannot hold a conversation back for a day. A message is tried {@code maxRetries + 1}
 * times in all, and a permanent failure is never retried.
 *
 * @param maxRetries retries after the first attempt; 0 dead-letters on the first failure
 */
public record RetryPolicy(int maxRetries, Duration base, Duration maxBackoff, double jitterRatio) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (base.isNegative() || maxBackoff.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "backoff bounds must satisfy 0 <= base <= maxBackoff: " + base + ", " + maxBackoff);
        }
        if (jitterRatio < 0 || jitterRatio > 1) {
            throw new IllegalArgumentException("jitterRatio must be within [0, 1]: " + jitterRatio);
        }
    }

    /**
     * Decides what follows a failure.
     *
     * @param failuresSoFar failures of this message including the one being decided, at least 1
     */
    public RetryDecision decide(int failuresSoFar, ReplyFailedException failure, RandomGenerator random) {
        if (failuresSoFar < 1) {
            throw new IllegalArgumentException("failuresSoFar must be at least 1: " + failuresSoFar);
        }
        if (failure.kind() == FailureKind.PERMANENT) {
            return new RetryDecision.GiveUp(DeadLetterReason.PERMANENT_FAILURE);
        }
        if (failuresSoFar > maxRetries) {
            return new RetryDecision.GiveUp(DeadLetterReason.RETRIES_EXHAUSTED);
        }

        Duration backoff = backoffAfter(failuresSoFar, random);
        Duration hint = failure.retryAfter().orElse(Duration.ZERO);
        if (hint.compareTo(maxBackoff) > 0) {
            hint = maxBackoff;
        }
        return new RetryDecision.Retry(backoff.compareTo(hint) >= 0 ? backoff : hint);
    }

    /** Computes the jittered backoff after the given number of failures. */
    public Duration backoffAfter(int failures, RandomGenerator random) {
        long cap = maxBackoff.toMillis();
        long millis = base.toMillis();
        for (int i = 1; i < failures && millis < cap; i++) {
            millis *= 2;
        }
        long capped = Math.min(millis, cap);
        double factor = 1.0 - jitterRatio * random.nextDouble();
        return Duration.ofMillis(Math.round(capped * factor));
    }
}
