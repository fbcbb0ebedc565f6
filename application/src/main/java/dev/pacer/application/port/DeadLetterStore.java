package dev.pacer.application.port;

import dev.pacer.domain.DeadLetter;
import java.util.List;
import java.util.Optional;

/**
 * The messages given up on, kept for inspection, replay or deletion. Written by {@link
 * ConversationQueue#deadLetter}. The store keeps a bounded number, evicting the oldest first.
 * Thread safe; every method may throw {@link StoreUnavailableException}.
 */
public interface DeadLetterStore {

    /** Returns up to {@code limit} dead letters, oldest first. */
    List<DeadLetter> list(int limit);

    Optional<DeadLetter> find(String id);

    /**
     * Moves the dead letter back to the tail of its conversation's queue in one atomic step, with
     * its attempt count reset, and makes the conversation due unless it is leased or already due.
     */
    ReplayOutcome replay(String id);

    /** Deletes a dead letter; returns false when no dead letter has this id. */
    boolean delete(String id);

    long count();
}
