package dev.pacer.application.port;

/** The result of adding a message to its conversation's queue. */
public sealed interface EnqueueOutcome {

    /**
     * The message was appended.
     *
     * @param queuePosition 1-based place in the queue, counting the message being answered now
     */
    record Accepted(String messageId, long queuePosition) implements EnqueueOutcome {}

    /** A message with the same id was accepted before; nothing was added. */
    record Duplicate(String messageId, long queuePosition) implements EnqueueOutcome {}

    /** The conversation already contains {@code limit} pending messages; nothing was added. */
    record QueueFull(long limit) implements EnqueueOutcome {}
}
