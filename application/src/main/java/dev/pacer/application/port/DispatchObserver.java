package dev.pacer.application.port;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;
import java.time.Duration;

/**
 * Receives what the dispatcher does, for metrics. Called on the worker's thread, so an
 * implementation must be fast, thread safe and must not throw.
 */
public interface DispatchObserver {

    /** An observer that ignores everything. */
    DispatchObserver NONE = new DispatchObserver() {};

    /**
     * A reply was sent.
     *
     * @param lateness how much later than planned the send started: the planned time is {@code
     *     max(start + delay, aiDone)}, so this is the scheduler's and the store's share of the wait
     */
    default void replySent(Message message, Duration lateness) {}

    /** A reply failed and will be tried again after {@code backoff}. */
    default void replyRetried(Message message, Duration backoff) {}

    /** A message left its queue for the dead letters. */
    default void deadLettered(DeadLetter letter) {}

    /** A worker found its lease gone and stopped without sending. */
    default void leaseLost(ConversationKey conversation) {}
}
