package dev.pacer.adapters.memory;

import java.time.Duration;

/**
 * Bounds of the in-memory store.
 *
 * @param historyLimit turns kept per conversation
 * @param deadLetterLimit dead letters kept; the oldest are evicted beyond it
 * @param idempotencyTtl how long an accepted message id is remembered for duplicate detection
 */
public record InMemorySettings(int historyLimit, int deadLetterLimit, Duration idempotencyTtl) {

    public InMemorySettings {
        if (historyLimit < 0 || deadLetterLimit < 1 || idempotencyTtl.isNegative()) {
            throw new IllegalArgumentException("invalid in-memory store settings: " + historyLimit + ", "
                    + deadLetterLimit + ", " + idempotencyTtl);
        }
    }

    public static InMemorySettings defaults() {
        return new InMemorySettings(20, 10_000, Duration.ofHours(24));
    }
}
