package dev.pacer.adapters.memory;

import dev.pacer.application.contract.StorePorts;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.domain.ConversationKey;
import java.time.Clock;
import java.time.Duration;

/** An {@link InMemoryStore} on the wall clock, as the contract suites see it. */
final class InMemoryStorePorts implements StorePorts {

    private static final InMemorySettings SETTINGS = new InMemorySettings(6, 5, Duration.ofHours(1));

    private final InMemoryStore store = new InMemoryStore(Clock.systemUTC(), SETTINGS);

    @Override
    public ConversationQueue queue() {
        return store;
    }

    @Override
    public ConversationHistory history() {
        return store;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return store;
    }

    @Override
    public int historyLimit() {
        return SETTINGS.historyLimit();
    }

    @Override
    public int deadLetterLimit() {
        return SETTINGS.deadLetterLimit();
    }

    @Override
    public void dropFromSchedule(ConversationKey conversation) {
        store.dropFromSchedule(conversation);
    }
}
