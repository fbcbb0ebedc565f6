package dev.pacer.application;

import dev.pacer.application.port.ChatGateway;
import dev.pacer.application.port.Claim;
import dev.pacer.application.port.DispatchObserver;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.Lease;
import dev.pacer.application.port.LeaseLostException;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.application.port.WorkerClock;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.FailureKind;
import dev.pacer.domain.Message;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;
import dev.pacer.domain.RetryDecision;
import dev.pacer.domain.RetryPolicy;
import dev.pacer.domain.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves claimed conversations: replies to each head message at the paced time, then acknowledges
 * it, retries it later or dead-letters it, and goes on with the next message under the same lease.
 *
 * <p>One reply follows the pacing rule: the clock starts when work on the message starts, the AI
 * call runs inside the delay, and the reply is sent at {@code max(start + delay, aiDone)}. While
 * it waits, the worker renews the lease every third of its TTL and refreshes a shown typing
 * indicator. It also tracks how long the lease surely lasts and renews before the send unless more
 * than half the TTL is left, so nothing is sent after the lease could have expired. The
 * acknowledgement checks the fencing token, so nothing is acknowledged without the lease.
 */
public final class DispatchReplies {

    private static final Logger log = LoggerFactory.getLogger(DispatchReplies.class);

    private final ConversationQueue queue;
    private final ConversationHistory history;
    private final ReplyGenerator generator;
    private final ChatGateway gateway;
    private final WorkerClock clock;
    private final PacingPolicy pacing;
    private final RetryPolicy retry;
    private final DispatchSettings settings;
    private final RandomGenerator random;
    private final Executor workExecutor;
    private final DispatchObserver observer;
    private volatile boolean draining;

    /** Creates the use case without an observer. */
    public DispatchReplies(
            ConversationQueue queue,
            ConversationHistory history,
            ReplyGenerator generator,
            ChatGateway gateway,
            WorkerClock clock,
            PacingPolicy pacing,
            RetryPolicy retry,
            DispatchSettings settings,
            RandomGenerator random,
            Executor workExecutor) {
        this(queue, history, generator, gateway, clock, pacing, retry, settings, random, workExecutor, DispatchObserver.NONE);
    }

    public DispatchReplies(
            ConversationQueue queue,
            ConversationHistory history,
            ReplyGenerator generator,
            ChatGateway gateway,
            WorkerClock clock,
            PacingPolicy pacing,
            RetryPolicy retry,
            DispatchSettings settings,
            RandomGenerator random,
            Executor workExecutor,
            DispatchObserver observer) {
        this.queue = Objects.requireNonNull(queue);
        this.history = Objects.requireNonNull(history);
        this.generator = Objects.requireNonNull(generator);
        this.gateway = Objects.requireNonNull(gateway);
        this.clock = Objects.requireNonNull(clock);
        this.pacing = Objects.requireNonNull(pacing);
        this.retry = Objects.requireNonNull(retry);
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
        this.workExecutor = Objects.requireNonNull(workExecutor);
        this.observer = Objects.requireNonNull(observer);
    }

    public DispatchSettings settings() {
        return settings;
    }

    /**
     * Makes every worker finish only the reply in progress: instead of going on with the
     * conversation's next message, it releases the lease, so the rest stays queued for the next
     * instance. Called when the process shuts down.
     */
    public void drain() {
        draining = true;
    }

    /**
     * Claims one batch of due conversations and serves each of them to the end in the calling
     * thread. Returns how many conversations were claimed; 0 means nothing was due.
     */
    public int pollOnce() throws InterruptedException {
        List<Claim> claims = queue.claim(settings.claimBatch(), settings.leaseTtl());
        for (Claim claim : claims) {
            serve(claim);
        }
        return claims.size();
    }

    /**
     * Replies to the claimed conversation's messages one after another until its queue is empty, a
     * reply is postponed for a retry, or the lease is lost. On interruption the lease is released
     * and the current message stays at the head of the queue.
     */
    public void serve(Claim claim) throws InterruptedException {
        Lease lease = claim.lease();
        Optional<QueuedEntry> next = Optional.of(claim.head());
        try {
            while (next.isPresent()) {
                if (draining) {
                    releaseQuietly(lease);
                    return;
                }
                next = handle(lease, next.get());
            }
        } catch (LeaseLostException e) {
            log.warn("conversation={} token={} lease lost; stopping without sending or acknowledging",
                    lease.conversation(), lease.token());
            observer.leaseLost(lease.conversation());
        } catch (StoreUnavailableException e) {
            log.warn("conversation={} token={} store unavailable; the lease will expire and the message be retried",
                    lease.conversation(), lease.token(), e);
        } catch (LeaseReleasedException e) {
            throw e;
        } catch (InterruptedException e) {
            releaseQuietly(lease);
            throw e;
        }
    }

    private Optional<QueuedEntry> handle(Lease lease, QueuedEntry entry) throws InterruptedException {
        return switch (entry) {
            case QueuedEntry.Readable readable -> answer(lease, readable.message());
            case QueuedEntry.Unreadable unreadable -> {
                log.error("conversation={} unreadable queue entry ({}); moved to the dead letters",
                        lease.conversation(), unreadable.problem());
                DeadLetter letter = DeadLetter.unreadable(
                        lease.conversation(), unreadable.rawPayload(), unreadable.problem(), clock.now());
                Optional<QueuedEntry> next = queue.deadLetter(lease, letter);
                observer.deadLettered(letter);
                yield next;
            }
        };
    }

    private Optional<QueuedEntry> answer(Lease lease, Message message) throws InterruptedException {
        Instant start = clock.now();
        Heartbeat heartbeat = new Heartbeat(lease, message, start);
        if (pacing.showsTyping(pacing.expectedDelay())) {
            heartbeat.startTyping();
        }

        String text;
        try {
            List<Turn> turns = settings.historyTurns() == 0
                    ? List.of()
                    : history.recent(message.conversation(), settings.historyTurns());
            text = generateUnderLease(message, turns, heartbeat);

            Duration delay = pacing.delayFor(text.codePointCount(0, text.length()), random);
            Instant sendAt = later(start.plus(delay), clock.now());
            if (!heartbeat.typing() && pacing.showsTyping(Duration.between(clock.now(), sendAt))) {
                heartbeat.startTyping();
            }
            heartbeat.waitUntil(sendAt);

            heartbeat.renewUnlessFresh();
            Duration lateness = Duration.between(sendAt, clock.now());
            Reply reply = Reply.to(message, text);
            // A delivery that has started is finished even on shutdown: interrupting it could leave
            // the receiver with the reply and the queue without the acknowledgement, so it would be
            // sent twice.
            callUnderLease(() -> {
                gateway.send(reply);
                return reply;
            }, heartbeat, true);
            observer.replySent(message, lateness);
        } catch (ReplyFailedException failure) {
            return onFailure(lease, message, failure);
        }

        log.debug("conversation={} message={} replied after {} ms",
                lease.conversation(), message.id(), Duration.between(start, clock.now()).toMillis());
        Optional<QueuedEntry> next = queue.acknowledge(lease, message, text);
        heartbeat.restoreInterrupt();
        return next;
    }

    /**
     * Runs the AI call under the lease. When this worker is interrupted during the call, the call
     * is cancelled, but the AI service may still be working on it. So the conversation is kept off
     * the schedule for one lease TTL from the call's start, as if this worker had crashed. With the
     * lease TTL at least the AI timeout, which the configuration enforces, the call has ended before
     * another worker may start the next one.
     */
    private String generateUnderLease(Message message, List<Turn> turns, Heartbeat heartbeat)
            throws ReplyFailedException, InterruptedException {
        Instant callStart = clock.now();
        try {
            return callUnderLease(() -> generator.generate(message, turns), heartbeat, false);
        } catch (InterruptedException e) {
            Duration hold = Duration.between(clock.now(), callStart.plus(heartbeat.lease.ttl()));
            boolean interrupted = Thread.interrupted();
            try {
                queue.retryLater(heartbeat.lease, message, hold.isNegative() ? Duration.ZERO : hold);
                log.info("conversation={} message={} AI call abandoned on shutdown; the conversation waits {} ms "
                        + "so that the call has ended before another worker starts one",
                        message.conversation(), message.id(), Math.max(0, hold.toMillis()));
            } catch (RuntimeException releaseFailed) {
                log.warn("conversation={} message={} release after an abandoned AI call failed; the lease will expire",
                        message.conversation(), message.id(), releaseFailed);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new LeaseReleasedException(e);
        }
    }

    /** An interruption after which the lease was already released, so nothing is left to release. */
    private static final class LeaseReleasedException extends InterruptedException {

        LeaseReleasedException(InterruptedException cause) {
            super(cause.getMessage());
            initCause(cause);
        }
    }

    /**
     * Runs a blocking call (the AI request or the delivery) on its own thread while this worker keeps
     * the lease renewed and the typing indicator fresh. When the lease is lost, or this worker is
     * interrupted, the call is cancelled, which interrupts its thread.
     *
     * @param finishWhenInterrupted keep waiting for the call when this worker is interrupted, and
     *     re-raise the interrupt only after the acknowledgement
     */
    private <T> T callUnderLease(LeasedCall<T> call, Heartbeat heartbeat, boolean finishWhenInterrupted)
            throws ReplyFailedException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(call::call);
        workExecutor.execute(task);
        try {
            while (!task.isDone()) {
                try {
                    clock.awaitUntil(task, heartbeat.nextDeadline());
                } catch (InterruptedException e) {
                    if (!finishWhenInterrupted) {
                        throw e;
                    }
                    heartbeat.deferInterrupt();
                }
                if (task.isDone()) {
                    // A finished delivery is always acknowledged: the store's token check decides
                    // whether the lease still holds, not this worker's cautious estimate of it.
                    break;
                }
                heartbeat.beatIfDue();
            }
        } finally {
            task.cancel(true);
        }
        return outcomeOf(task);
    }

    private static <T> T outcomeOf(FutureTask<T> task) throws ReplyFailedException, InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ReplyFailedException failure) {
                throw failure;
            }
            if (cause instanceof InterruptedException) {
                throw new InterruptedException("the call was interrupted");
            }
            throw new ReplyFailedException(FailureKind.RETRYABLE, "unexpected failure: " + cause, null, cause);
        }
    }

    /** A blocking call that fails like a reply does. */
    @FunctionalInterface
    private interface LeasedCall<T> {
        T call() throws ReplyFailedException, InterruptedException;
    }

    private Optional<QueuedEntry> onFailure(Lease lease, Message message, ReplyFailedException failure) {
        Message failed = message.afterFailedAttempt();
        RetryDecision decision = retry.decide(failed.attempts(), failure, random);

        return switch (decision) {
            case RetryDecision.Retry retryLater -> {
                log.warn("conversation={} message={} attempt={} reply failed, retrying in {} ms: {}",
                        lease.conversation(), message.id(), failed.attempts(),
                        retryLater.backoff().toMillis(), failure.getMessage());
                queue.retryLater(lease, failed, retryLater.backoff());
                observer.replyRetried(failed, retryLater.backoff());
                yield Optional.empty();
            }
            case RetryDecision.GiveUp giveUp -> {
                log.error("conversation={} message={} attempt={} reply failed for good ({}): {}; "
                                + "moved to the dead letters, the conversation goes on with its next message",
                        lease.conversation(), message.id(), failed.attempts(), giveUp.reason(), failure.getMessage());
                DeadLetter letter = DeadLetter.of(failed, giveUp.reason(), failure.getMessage(), clock.now());
                Optional<QueuedEntry> next = queue.deadLetter(lease, letter);
                observer.deadLettered(letter);
                yield next;
            }
        };
    }

    private void releaseQuietly(Lease lease) {
        boolean interrupted = Thread.interrupted();
        try {
            queue.release(lease);
            log.info("conversation={} token={} released on shutdown; its message stays queued",
                    lease.conversation(), lease.token());
        } catch (RuntimeException e) {
            log.warn("conversation={} token={} release failed; the lease will expire after its TTL",
                    lease.conversation(), lease.token(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The periodic work while one reply is pending: renewing the lease every third of its TTL and
     * resending a shown typing indicator at the policy's refresh interval. It also tracks when the
     * lease runs out if no renewal succeeds, so a worker cut off from the store gives up on time
     * instead of waiting for a renewal that cannot arrive.
     */
    private final class Heartbeat {

        private final Lease lease;
        private final Message message;
        private Instant nextRenewal;
        private Instant nextTyping;
        private Instant leaseEndsAt;
        private boolean interruptDeferred;

        Heartbeat(Lease lease, Message message, Instant start) {
            this.lease = lease;
            this.message = message;
            this.nextRenewal = start.plus(settings.renewInterval());
            this.leaseEndsAt = safeEnd(start);
        }

        boolean typing() {
            return nextTyping != null;
        }

        void startTyping() {
            sendTyping();
            nextTyping = clock.now().plus(pacing.typingRefresh());
        }

        /** Returns the next moment something is due: a renewal, a typing refresh or the lease's end. */
        Instant nextDeadline() {
            Instant next = typing() && nextTyping.isBefore(nextRenewal) ? nextTyping : nextRenewal;
            return leaseEndsAt.isBefore(next) ? leaseEndsAt : next;
        }

        /** Sleeps until {@code deadline}, beating on the way. */
        void waitUntil(Instant deadline) throws InterruptedException {
            while (clock.now().isBefore(deadline)) {
                Instant beat = nextDeadline();
                clock.sleepUntil(beat.isBefore(deadline) ? beat : deadline);
                beatIfDue();
            }
        }

        /**
         * Renews the lease before a delivery unless more than half of its TTL is surely left, which
         * saves a round trip per message when the reply comes fast. The delivery itself renews on
         * the usual schedule while it runs.
         */
        void renewUnlessFresh() {
            if (Duration.between(clock.now(), leaseEndsAt).compareTo(lease.ttl().dividedBy(2)) < 0) {
                renewNow();
            }
        }

        void renewNow() {
            Instant requested = clock.now();
            queue.renew(lease);
            leaseEndsAt = safeEnd(requested);
            nextRenewal = requested.plus(settings.renewInterval());
        }

        void beatIfDue() {
            Instant now = clock.now();
            if (!now.isBefore(nextRenewal)) {
                renewNow();
            }
            if (!clock.now().isBefore(leaseEndsAt)) {
                throw new LeaseLostException(lease.conversation(), lease.token());
            }
            if (typing() && !now.isBefore(nextTyping)) {
                sendTyping();
                nextTyping = now.plus(pacing.typingRefresh());
            }
        }

        void deferInterrupt() {
            interruptDeferred = true;
        }

        /** Re-raises an interrupt that arrived while a delivery was finishing. */
        void restoreInterrupt() {
            if (interruptDeferred) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Returns the earliest moment the lease can end after an extension requested at {@code
         * requested}: the store extends it by the TTL from its own clock, which is no earlier, and a
         * tenth of the TTL is kept as a margin for the difference between the clocks.
         */
        private Instant safeEnd(Instant requested) {
            return requested.plus(lease.ttl()).minus(lease.ttl().dividedBy(10));
        }

        private void sendTyping() {
            try {
                gateway.showTyping(message);
            } catch (ReplyFailedException e) {
                log.warn("conversation={} message={} typing indicator failed; the reply proceeds: {}",
                        lease.conversation(), message.id(), e.getMessage());
            }
        }
    }
}
