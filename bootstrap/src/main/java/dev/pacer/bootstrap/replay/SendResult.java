package dev.pacer.bootstrap.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one message POST.
 *
 * @param acceptedMessageId the id Pacer returned with 202, which is the id its events refer to;
 *     null unless accepted
 * @param status the HTTP status, or 0 when no response arrived
 * @param problem the rejection's problem detail, or the exception of a failed request; null when accepted
 * @param scheduledAt when the request was planned to start, since the start of the run
 * @param sentAt when the request started, since the start of the run
 * @param respondedAt when the response or failure arrived, since the start of the run; for an
 *     accepted message this is its accept time
 */
record SendResult(
        PlannedMessage message,
        Outcome outcome,
        String acceptedMessageId,
        int status,
        String problem,
        Duration scheduledAt,
        Duration sentAt,
        Duration respondedAt) {

    enum Outcome {
        /** Pacer returned 202. */
        ACCEPTED,
        /** Pacer returned another status. */
        REJECTED,
        /** No HTTP response: connection refused, timed out or broken. */
        FAILED
    }

    SendResult {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(respondedAt, "respondedAt");
    }

    boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    /** Returns how long after its planned time the request started, zero if it was on time. */
    Duration lateness() {
        Duration late = sentAt.minus(scheduledAt);
        return late.isNegative() ? Duration.ZERO : late;
    }
}
