package dev.pacer.application.port;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable per-conversation queues, the schedule of due conversations and the leases on them.
 *
 * <p>Contract for every implementation:
 *
 * <ul>
 *   <li>A message stays in its queue until {@link #acknowledge} or {@link #deadLetter} removes it,
 *       so a worker that dies mid-reply loses nothing.
 *   <li>A conversation is granted to at most one lease at a time. Every method that takes a
 *       {@link Lease} checks its token in the same atomic step as its change and throws {@link
 *       LeaseLostException} without changing anything when the lease is no longer held.
 *   <li>Due times and lease expiry follow the store's clock, not the caller's.
 *   <li>Every method may throw {@link StoreUnavailableException} when the store cannot be reached.
 *   <li>Implementations are thread safe.
 * </ul>
 */
public interface ConversationQueue {

    /**
     * Appends a message to its conversation's queue and makes the conversation due now, unless it
     * is already due, in retry backoff or leased. Idempotent on the message id within the
     * conversation: a repeat returns {@link EnqueueOutcome.Duplicate} and changes nothing.
     *
     * @param maxQueued largest number of pending messages the conversation may hold
     */
    EnqueueOutcome enqueue(Message message, int maxQueued);

    /**
     * Claims up to {@code max} due conversations, earliest due first, granting each a new lease
     * of {@code leaseTtl}. Conversations whose lease expired count as due. Returns an empty list
     * when nothing is due, without waiting for work to become due.
     */
    List<Claim> claim(int max, Duration leaseTtl);

    /**
     * Blocks until a conversation may have become due, or {@code maxWait} has passed. A spurious
     * return is allowed; a missed wake-up must not delay work by more than {@code maxWait}.
     */
    void awaitDue(Duration maxWait) throws InterruptedException;

    /** Extends the lease by its TTL from now. */
    void renew(Lease lease);

    /**
     * Removes the answered head message, appends the user message and the reply to the
     * conversation's history, and returns the next head under the same, renewed lease. When the
     * queue is now empty the lease is released and the result is empty.
     */
    Optional<QueuedEntry> acknowledge(Lease lease, Message answered, String replyText);

    /**
     * Replaces the head with {@code failed} (which carries the increased attempt count), releases
     * the lease and makes the conversation due again after {@code backoff}.
     */
    void retryLater(Lease lease, Message failed, Duration backoff);

    /**
     * Moves the head entry to the dead letters and, like {@link #acknowledge}, returns the next
     * head under the renewed lease, or releases the lease when the queue is empty.
     */
    Optional<QueuedEntry> deadLetter(Lease lease, DeadLetter letter);

    /** Gives the conversation up without changing its queue; it becomes due again at once. */
    void release(Lease lease);

    /** Returns the pending messages of a conversation, head first; unreadable entries are skipped. */
    List<Message> pending(ConversationKey conversation);

    /**
     * Makes every conversation that holds messages but is neither due nor leased due now, as it
     * is needed after a crash or a restore from backup. Returns how many were repaired.
     */
    int repair();

    QueueCounts counts();
}
