package dev.pacer.application.contract;

import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.domain.ConversationKey;

/**
 * The storage ports of one store under test, which share their data, and the hooks the contract
 * suites need that no port offers.
 */
public interface StorePorts extends AutoCloseable {

    ConversationQueue queue();

    ConversationHistory history();

    DeadLetterStore deadLetters();

    /** Turns kept per conversation, as the store under test was configured. */
    int historyLimit();

    /** Dead letters kept, as the store under test was configured. */
    int deadLetterLimit();

    /** Removes a conversation from the schedule and its lease, keeping its messages, as a crash could. */
    void dropFromSchedule(ConversationKey conversation);

    @Override
    default void close() throws Exception {}
}
