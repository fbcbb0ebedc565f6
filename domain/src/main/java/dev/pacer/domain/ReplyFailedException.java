package dev.pacer.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * A reply that could not be produced or delivered: the AI call or the send to the chat failed.
 * The kind decides between a retry and the dead letters.
 */
public final class ReplyFailedException extends Exception {

    private final FailureKind kind;
    private final Duration retryAfter;

    public ReplyFailedException(FailureKind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public static ReplyFailedException retryable(String message) {
        return new ReplyFailedException(FailureKind.RETRYABLE, message, null, null);
    }

    public static ReplyFailedException permanent(String message) {
        return new ReplyFailedException(FailureKind.PERMANENT, message, null, null);
    }

    public FailureKind kind() {
        return kind;
    }

    /** The wait the failing service asked for (an HTTP {@code Retry-After}), if it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
