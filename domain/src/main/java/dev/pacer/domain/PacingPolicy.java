package dev.pacer.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a reply may be sent, so that the bot answers at a human pace.
 *
 * <p>The delay of one reply is {@code clamp(base + perChar × length + jitter, min, max)} with
 * {@code jitter} drawn uniformly from {@code [-jitterMax, +jitterMax]}. The delay counts from the
 * moment the dispatcher starts work on the message, and the AI call runs inside it.
 *
 * @param base fixed part of every delay
 * @param perChar time added for each character of the reply (Unicode code points)
 * @param jitterMax largest random change in either direction
 * @param min lower bound of the delay, applied after the jitter
 * @param max upper bound of the delay, applied after the jitter
 * @param typingThreshold a typing indicator is shown when the delay is at least this long
 * @param typingRefresh how often a shown typing indicator is sent again until the reply goes out
 */
public record PacingPolicy(
        Duration base,
        Duration perChar,
        Duration jitterMax,
        Duration min,
        Duration max,
        Duration typingThreshold,
        Duration typingRefresh) {

    public PacingPolicy {
        requireNotNegative("base", base);
        requireNotNegative("perChar", perChar);
        requireNotNegative("jitterMax", jitterMax);
        requireNotNegative("min", min);
        requireNotNegative("max", max);
        requireNotNegative("typingThreshold", typingThreshold);
        requireNotNegative("typingRefresh", typingRefresh);
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min delay " + min + " is greater than max delay " + max);
        }
        if (typingRefresh.isZero()) {
            throw new IllegalArgumentException("typingRefresh must be positive");
        }
    }

    /** A policy without any delay or typing indicator, for throughput runs and tests. */
    public static PacingPolicy immediate() {
        return new PacingPolicy(
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ZERO,
                Duration.ofDays(1),
                Duration.ofSeconds(4));
    }

    /** Computes the delay of a reply with {@code replyLength} characters. */
    public Duration delayFor(int replyLength, RandomGenerator random) {
        long nanos = base.toNanos() + perChar.toNanos() * Math.max(0, replyLength) + jitterNanos(random);
        long clamped = Math.clamp(nanos, min.toNanos(), max.toNanos());
        return Duration.ofNanos(clamped);
    }

    /**
     * Returns the delay expected before the reply is known: the base delay within the bounds,
     * without jitter and without the per-character part.
     */
    public Duration expectedDelay() {
        return Duration.ofNanos(Math.clamp(base.toNanos(), min.toNanos(), max.toNanos()));
    }

    /** Tells whether a wait of {@code delay} is long enough to show a typing indicator. */
    public boolean showsTyping(Duration delay) {
        return delay.compareTo(typingThreshold) >= 0;
    }

    private long jitterNanos(RandomGenerator random) {
        long bound = jitterMax.toNanos();
        if (bound == 0) {
            return 0;
        }
        return random.nextLong(-bound, bound + 1);
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
