package dev.pacer.application;

import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Read access to pending messages and dead letters, and the deletion of dead letters, for operators. */
public final class InspectQueues {

    private final ConversationQueue queue;
    private final DeadLetterStore deadLetters;

    public InspectQueues(ConversationQueue queue, DeadLetterStore deadLetters) {
        this.queue = Objects.requireNonNull(queue);
        this.deadLetters = Objects.requireNonNull(deadLetters);
    }

    /** Returns the conversation's pending messages, the one being answered first. */
    public List<Message> pending(ConversationKey conversation) {
        return queue.pending(conversation);
    }

    /** Returns up to {@code limit} dead letters, oldest first. */
    public List<DeadLetter> deadLetters(int limit) {
        return deadLetters.list(limit);
    }

    public Optional<DeadLetter> deadLetter(String id) {
        return deadLetters.find(id);
    }

    /** Deletes a dead letter; returns false when none has this id. */
    public boolean deleteDeadLetter(String id) {
        return deadLetters.delete(id);
    }
}
