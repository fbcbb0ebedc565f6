package dev.pacer.domain;

/** Why a message left its queue without a reply. */
public enum DeadLetterReason {
    /** Every allowed attempt failed with a retryable error. */
    RETRIES_EXHAUSTED,
    /** An attempt failed with an error that would repeat on every try. */
    PERMANENT_FAILURE,
    /** The stored entry could not be read as a message (bad JSON, over the size limit). */
    UNREADABLE_ENTRY
}
