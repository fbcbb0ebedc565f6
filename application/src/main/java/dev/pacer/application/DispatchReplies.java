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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves claimed conversations: answers each head message at the paced time, then acknowledges
 * it, retries it later or dead-letters it, and goes on with the next message under the same lease.
 *
 * <p>One reply follows the pacing rule: the clock starts when work on the message starts, the AI
 * call runs inside the delay, and the reply is sent at {@code max(start + delay, aiDone)}. While
 * it waits, the worker renews the lease every third of its TTL and refreshes a shown typing
 * indicator. The lease is renewed once more right before the send, so nothing is sent or
 * acknowledged after the lease is lost.
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
    private final Executor aiExecutor;
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
            Executor aiExecutor) {
        this(queue, history, generator, gateway, clock, pacing, retry, settings, random, aiExecutor, DispatchObserver.NONE);
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
            Executor aiExecutor,
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
        this.aiExecutor = Objects.requireNonNull(aiExecutor);
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
     * Answers the claimed conversation's messages one after another until its queue is empty, a
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
            text = awaitReply(message, heartbeat);

            Duration delay = pacing.delayFor(text.codePointCount(0, text.length()), random);
            Instant sendAt = later(start.plus(delay), clock.now());
            if (!heartbeat.typing() && pacing.showsTyping(Duration.between(clock.now(), sendAt))) {
                heartbeat.startTyping();
            }
            heartbeat.waitUntil(sendAt);

            queue.renew(lease);
            Duration lateness = Duration.between(sendAt, clock.now());
            gateway.send(Reply.to(message, text));
            observer.replySent(message, lateness);
        } catch (ReplyFailedException failure) {
            return onFailure(lease, message, failure);
        }

        log.debug("conversation={} message={} replied after {} ms",
                lease.conversation(), message.id(), Duration.between(start, clock.now()).toMillis());
        return queue.acknowledge(lease, message, text);
    }

    private String awaitReply(Message message, Heartbeat heartbeat)
            throws ReplyFailedException, InterruptedException {
        List<Turn> turns = settings.historyTurns() == 0
                ? List.of()
                : history.recent(message.conversation(), settings.historyTurns());

        CompletableFuture<String> work = CompletableFuture.supplyAsync(() -> generate(message, turns), aiExecutor);
        try {
            while (!work.isDone()) {
                clock.awaitUntil(work, heartbeat.nextBeat());
                heartbeat.beatIfDue();
            }
        } finally {
            work.cancel(true);
        }

        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ReplyFailedException failure) {
                throw failure;
            }
            if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("reply generation was interrupted");
            }
            throw new ReplyFailedException(
                    FailureKind.RETRYABLE, "reply generator failed: " + e.getCause(), null, e.getCause());
        }
    }

    private String generate(Message message, List<Turn> turns) {
        try {
            return generator.generate(message, turns);
        } catch (ReplyFailedException | InterruptedException e) {
            throw new CompletionException(e);
        }
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
        try {
            queue.release(lease);
            log.info("conversation={} token={} released on shutdown; its message stays queued",
                    lease.conversation(), lease.token());
        } catch (RuntimeException e) {
            log.warn("conversation={} token={} release failed; the lease will expire after its TTL",
                    lease.conversation(), lease.token(), e);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The periodic work while one reply is pending: renewing the lease every third of its TTL and
     * resending a shown typing indicator at the policy's refresh interval.
     */
    private final class Heartbeat {

        private final Lease lease;
        private final Message message;
        private Instant nextRenewal;
        private Instant nextTyping;

        Heartbeat(Lease lease, Message message, Instant start) {
            this.lease = lease;
            this.message = message;
            this.nextRenewal = start.plus(settings.renewInterval());
        }

        boolean typing() {
            return nextTyping != null;
        }

        void startTyping() {
            sendTyping();
            nextTyping = clock.now().plus(pacing.typingRefresh());
        }

        Instant nextBeat() {
            return typing() && nextTyping.isBefore(nextRenewal) ? nextTyping : nextRenewal;
        }

        /** Sleeps until {@code deadline}, beating on the way. */
        void waitUntil(Instant deadline) throws InterruptedException {
            while (clock.now().isBefore(deadline)) {
                Instant beat = nextBeat();
                clock.sleepUntil(beat.isBefore(deadline) ? beat : deadline);
                beatIfDue();
            }
        }

        void beatIfDue() {
            Instant now = clock.now();
            if (!now.isBefore(nextRenewal)) {
                queue.renew(lease);
                nextRenewal = now.plus(settings.renewInterval());
            }
            if (typing() && !now.isBefore(nextTyping)) {
                sendTyping();
                nextTyping = now.plus(pacing.typingRefresh());
            }
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
