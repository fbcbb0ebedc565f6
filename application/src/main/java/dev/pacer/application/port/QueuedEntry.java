package dev.pacer.application.port;

import dev.pacer.domain.Message;

/** The head of a conversation's queue as a worker receives it. */
public sealed interface QueuedEntry {

    /** A stored message that was read as it was written. */
    record Readable(Message message) implements QueuedEntry {}

    /**
     * A stored entry that could not be read as a message (corrupt JSON, over the size limit). The
     * worker dead-letters it so that it cannot block the conversation.
     */
    record Unreadable(String rawPayload, String problem) implements QueuedEntry {}
}
