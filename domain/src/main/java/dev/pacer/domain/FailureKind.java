package dev.pacer.domain;

/** Whether a failed reply may succeed when tried again. */
public enum FailureKind {
    /** Timeouts, rate limits, server errors: try again after a backoff. */
    RETRYABLE,
    /** Rejected requests and other errors that repeat on every attempt: dead-letter at once. */
    PERMANENT
}
