package dev.pacer.application.port;

/** The result of sending a dead letter back to its conversation's queue. */
public sealed interface ReplayOutcome {

    /** The message is queued again at the tail of its conversation, with its attempts reset. */
    record Requeued(String deadLetterId, String messageId, long queuePosition) implements ReplayOutcome {}

    /** No dead letter has this id (it was replayed, deleted or evicted). */
    record NotFound(String deadLetterId) implements ReplayOutcome {}

    /** The entry could not be read as a message, so there is nothing to queue; it stays listed. */
    record Unreadable(String deadLetterId) implements ReplayOutcome {}
}
