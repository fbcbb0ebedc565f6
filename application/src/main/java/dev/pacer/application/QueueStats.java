package dev.pacer.application;

import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.QueueCounts;
import java.util.Objects;

/** Reports how much work is waiting, in service and given up. */
public final class QueueStats {

    /** A snapshot of the store; the figures are read one after another, not atomically. */
    public record Snapshot(long dueConversations, long leasedConversations, long deadLetters) {}

    private final ConversationQueue queue;
    private final DeadLetterStore deadLetters;

    public QueueStats(ConversationQueue queue, DeadLetterStore deadLetters) {
        this.queue = Objects.requireNonNull(queue);
        this.deadLetters = Objects.requireNonNull(deadLetters);
    }

    public Snapshot snapshot() {
        QueueCounts counts = queue.counts();
        return new Snapshot(counts.dueConversations(), counts.leasedConversations(), deadLetters.count());
    }
}
