package dev.pacer.application.contract;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.application.port.Claim;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.application.port.LeaseLostException;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConversationQueue} must show. Lease expiry is tested with real time
 * and short TTLs, because the Redis store takes its time from the server.
 */
public abstract class ConversationQueueContract {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration SHORT_TTL = Duration.ofMillis(200);

    private StorePorts store;
    private ConversationQueue queue;

    /** Creates an empty store for one test. */
    protected abstract StorePorts createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
        queue = store.queue();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void enqueueReportsQueuePositions() {
        assertThat(queue.enqueue(aMessage("u1", "a"), 10)).isInstanceOf(EnqueueOutcome.Accepted.class);
        EnqueueOutcome second = queue.enqueue(aMessage("u1", "b"), 10);

        assertThat(second).isEqualTo(new EnqueueOutcome.Accepted(((EnqueueOutcome.Accepted) second).messageId(), 2));
    }

    @Test
    void enqueueOfRepeatedIdChangesNothing() {
        Message first = aMessage(conversation("u1"), "same-id", "hello");
        queue.enqueue(first, 10);
        queue.enqueue(aMessage("u1", "other"), 10);

        EnqueueOutcome repeat = queue.enqueue(aMessage(conversation("u1"), "same-id", "hello again"), 10);

        assertThat(repeat).isEqualTo(new EnqueueOutcome.Duplicate("same-id", 1));
        assertThat(queue.pending(conversation("u1"))).extracting(Message::text).containsExactly("hello", "other");
    }

    @Test
    void enqueueOfSameIdInOtherConversationIsAccepted() {
        queue.enqueue(aMessage(conversation("u1"), "same-id", "hello"), 10);

        EnqueueOutcome other = queue.enqueue(aMessage(conversation("u2"), "same-id", "hello"), 10);

        assertThat(other).isEqualTo(new EnqueueOutcome.Accepted("same-id", 1));
    }

    @Test
    void enqueueBeyondLimitIsRejected() {
        queue.enqueue(aMessage("u1", "a"), 2);
        queue.enqueue(aMessage("u1", "b"), 2);

        EnqueueOutcome third = queue.enqueue(aMessage("u1", "c"), 2);

        assertThat(third).isEqualTo(new EnqueueOutcome.QueueFull(2));
        assertThat(queue.pending(conversation("u1"))).hasSize(2);
    }

    @Test
    void messageRoundTripsUnchanged() {
        Message sent = aMessage("u1", "héllo 👋 \"quoted\" \n second line");
        queue.enqueue(sent, 10);

        Claim claim = queue.claim(1, TTL).getFirst();

        assertThat(claim.head()).isEqualTo(new QueuedEntry.Readable(sent));
        assertThat(queue.pending(conversation("u1"))).containsExactly(sent);
    }

    @Test
    void claimGrantsHeadOnceUntilReleased() {
        Message head = aMessage("u1", "a");
        queue.enqueue(head, 10);
        queue.enqueue(aMessage("u1", "b"), 10);

        List<Claim> first = queue.claim(10, TTL);
        List<Claim> second = queue.claim(10, TTL);

        assertThat(first).hasSize(1);
        assertThat(first.getFirst().head()).isEqualTo(new QueuedEntry.Readable(head));
        assertThat(first.getFirst().lease().conversation()).isEqualTo(conversation("u1"));
        assertThat(second).isEmpty();
    }

    @Test
    void claimTakesEarliestDueFirst() throws InterruptedException {
        queue.enqueue(aMessage("early", "a"), 10);
        Thread.sleep(5);
        queue.enqueue(aMessage("late", "b"), 10);

        List<Claim> claims = queue.claim(1, TTL);

        assertThat(claims).extracting(c -> c.lease().conversation()).containsExactly(conversation("early"));
    }

    @Test
    void claimOnEmptyStoreReturnsNothing() {
        assertThat(queue.claim(5, TTL)).isEmpty();
    }

    @Test
    void enqueueDuringLeaseDoesNotReleaseConversation() {
        queue.enqueue(aMessage("u1", "a"), 10);
        queue.claim(1, TTL);

        queue.enqueue(aMessage("u1", "b"), 10);

        assertThat(queue.claim(1, TTL)).isEmpty();
    }

    @Test
    void acknowledgeReturnsNextHeadUnderSameLease() {
        Message a = aMessage("u1", "a");
        Message b = aMessage("u1", "b");
        queue.enqueue(a, 10);
        queue.enqueue(b, 10);
        Claim claim = queue.claim(1, TTL).getFirst();

        Optional<QueuedEntry> next = queue.acknowledge(claim.lease(), a, "reply a");

        assertThat(next).contains(new QueuedEntry.Readable(b));
        assertThat(queue.claim(1, TTL)).isEmpty();
        assertThat(queue.acknowledge(claim.lease(), b, "reply b")).isEmpty();
        assertThat(queue.pending(conversation("u1"))).isEmpty();
    }

    @Test
    void acknowledgeOfLastMessageReleasesConversation() {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim claim = queue.claim(1, TTL).getFirst();
        queue.acknowledge(claim.lease(), a, "reply");

        assertThat(queue.claim(1, TTL)).isEmpty();
        assertThat(queue.counts().leasedConversations()).isZero();

        Message b = aMessage("u1", "b");
        queue.enqueue(b, 10);
        assertThat(queue.claim(1, TTL)).extracting(Claim::head).containsExactly(new QueuedEntry.Readable(b));
    }

    @Test
    void expiredLeaseIsGrantedToNextClaimWithHigherToken() throws InterruptedException {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim first = queue.claim(1, SHORT_TTL).getFirst();

        Thread.sleep(SHORT_TTL.toMillis() + 100);
        List<Claim> second = queue.claim(1, TTL);

        assertThat(second).hasSize(1);
        assertThat(second.getFirst().head()).isEqualTo(new QueuedEntry.Readable(a));
        assertThat(second.getFirst().lease().token()).isGreaterThan(first.lease().token());
    }

    @Test
    void staleLeaseChangesNothing() throws InterruptedException {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim stale = queue.claim(1, SHORT_TTL).getFirst();
        Thread.sleep(SHORT_TTL.toMillis() + 100);
        Claim current = queue.claim(1, TTL).getFirst();

        assertThatThrownBy(() -> queue.acknowledge(stale.lease(), a, "late reply")).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.renew(stale.lease())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.retryLater(stale.lease(), a.afterFailedAttempt(), Duration.ZERO))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.deadLetter(stale.lease(), DeadLetter.of(a, DeadLetterReason.PERMANENT_FAILURE, "x", Instant.now())))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.release(stale.lease())).isInstanceOf(LeaseLostException.class);

        assertThat(queue.pending(conversation("u1"))).containsExactly(a);
        assertThat(store.deadLetters().count()).isZero();
        assertThat(queue.acknowledge(current.lease(), a, "reply")).isEmpty();
    }

    @Test
    void expiredLeaseIsRejectedEvenBeforeAnotherClaim() throws InterruptedException {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim claim = queue.claim(1, SHORT_TTL).getFirst();

        Thread.sleep(SHORT_TTL.toMillis() + 100);

        assertThatThrownBy(() -> queue.acknowledge(claim.lease(), a, "late")).isInstanceOf(LeaseLostException.class);
        assertThat(queue.pending(conversation("u1"))).containsExactly(a);
    }

    @Test
    void renewKeepsLeaseBeyondItsTtl() throws InterruptedException {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim claim = queue.claim(1, SHORT_TTL).getFirst();

        for (int i = 0; i < 4; i++) {
            Thread.sleep(SHORT_TTL.toMillis() / 2);
            queue.renew(claim.lease());
        }

        assertThat(queue.claim(1, TTL)).isEmpty();
        assertThat(queue.acknowledge(claim.lease(), a, "reply")).isEmpty();
    }

    @Test
    void retryLaterKeepsHeadWithAttemptsUntilBackoffEnds() throws InterruptedException {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim claim = queue.claim(1, TTL).getFirst();

        queue.retryLater(claim.lease(), a.afterFailedAttempt(), Duration.ofMillis(300));
        queue.enqueue(aMessage("u1", "b"), 10);

        assertThat(queue.claim(1, TTL)).as("claim during backoff").isEmpty();
        Thread.sleep(400);
        List<Claim> retried = queue.claim(1, TTL);
        assertThat(retried).extracting(Claim::head).containsExactly(new QueuedEntry.Readable(a.afterFailedAttempt()));
    }

    @Test
    void deadLetterMovesHeadAndReturnsNext() {
        Message a = aMessage("u1", "a");
        Message b = aMessage("u1", "b");
        queue.enqueue(a, 10);
        queue.enqueue(b, 10);
        Claim claim = queue.claim(1, TTL).getFirst();

        Optional<QueuedEntry> next = queue.deadLetter(
                claim.lease(), DeadLetter.of(a.afterFailedAttempt(), DeadLetterReason.PERMANENT_FAILURE, "rejected", Instant.now()));

        assertThat(next).contains(new QueuedEntry.Readable(b));
        assertThat(queue.pending(conversation("u1"))).containsExactly(b);
        assertThat(store.deadLetters().list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.message()).isEqualTo(a.afterFailedAttempt());
            assertThat(letter.error()).isEqualTo("rejected");
        });
    }

    @Test
    void releaseMakesConversationDueAtOnce() {
        Message a = aMessage("u1", "a");
        queue.enqueue(a, 10);
        Claim claim = queue.claim(1, TTL).getFirst();

        queue.release(claim.lease());

        assertThat(queue.claim(1, TTL)).extracting(Claim::head).containsExactly(new QueuedEntry.Readable(a));
    }

    @Test
    void repairSchedulesOnlyConversationsWithMessages() {
        queue.enqueue(aMessage("lost", "a"), 10);
        queue.enqueue(aMessage("scheduled", "b"), 10);
        store.dropFromSchedule(conversation("lost"));

        int repaired = queue.repair();

        assertThat(repaired).isEqualTo(1);
        assertThat(queue.claim(10, TTL))
                .extracting(claim -> claim.lease().conversation())
                .containsExactlyInAnyOrder(conversation("lost"), conversation("scheduled"));
    }

    @Test
    void repairLeavesLeasedAndEmptyConversationsAlone() {
        Message answered = aMessage("answered", "a");
        queue.enqueue(answered, 10);
        Claim claim = queue.claim(1, TTL).getFirst();
        queue.acknowledge(claim.lease(), answered, "done");
        queue.enqueue(aMessage("busy", "b"), 10);
        queue.claim(1, TTL);

        int repaired = queue.repair();

        assertThat(repaired).isZero();
        assertThat(queue.claim(10, TTL)).isEmpty();
    }

    @Test
    void pendingOfUnknownConversationIsEmpty() {
        assertThat(queue.pending(new ConversationKey("nobody", "nobody"))).isEmpty();
    }

    @Test
    void concurrentClaimsGrantEachConversationOnce() throws Exception {
        for (int i = 0; i < 200; i++) {
            queue.enqueue(aMessage("user" + i, "hello"), 10);
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<ConversationKey> granted = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            runs.add(threads.submit(() -> {
                start.await();
                for (int round = 0; round < 50; round++) {
                    queue.claim(3, TTL).forEach(claim -> granted.add(claim.lease().conversation()));
                }
                return null;
            }));
        }

        start.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
        threads.shutdown();

        Set<ConversationKey> distinct = new HashSet<>(granted);
        assertThat(granted).hasSize(200);
        assertThat(distinct).hasSize(200);
    }

    @Test
    void awaitDueWakesOnEnqueue() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<Long> waited = thread.submit(() -> {
            long started = System.nanoTime();
            queue.awaitDue(Duration.ofSeconds(10));
            return (System.nanoTime() - started) / 1_000_000;
        });
        Thread.sleep(200);

        queue.enqueue(aMessage("u1", "wake up"), 10);

        assertThat(waited.get()).isLessThan(5_000);
        thread.shutdown();
    }

    @Test
    void countsReportDueAndLeased() {
        queue.enqueue(aMessage("u1", "a"), 10);
        queue.enqueue(aMessage("u2", "b"), 10);
        queue.claim(1, TTL);

        assertThat(queue.counts().dueConversations()).isEqualTo(1);
        assertThat(queue.counts().leasedConversations()).isEqualTo(1);
    }
}
