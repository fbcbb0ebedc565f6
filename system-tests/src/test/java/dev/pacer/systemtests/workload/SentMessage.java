package dev.pacer.systemtests.workload;

import java.time.Instant;

/**
 * What happened to one planned message on the API side.
 *
 * @param firstAttemptAt when the first request for it started; its acceptance cannot be earlier
 * @param acceptedAt when a 202 or 200 arrived, or null when no attempt was accepted
 * @param acceptedStatus 202, 200 for a repeat of an accepted id, or 0 when not accepted
 * @param attempts requests sent, including the accepted one
 * @param unavailable attempts that got 503 or could not reach an instance
 * @param queueFull attempts that got 429
 * @param rejection the status and body of a response that is neither success nor retryable, or null
 */
public record SentMessage(
        PlannedMessage message,
        Instant firstAttemptAt,
        Instant acceptedAt,
        int acceptedStatus,
        int attempts,
        int unavailable,
        int queueFull,
        String rejection) {

    public boolean accepted() {
        return acceptedAt != null;
    }
}
