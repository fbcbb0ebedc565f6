package dev.pacer.application;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.memory.InMemorySettings;
import dev.pacer.adapters.memory.InMemoryStore;
import dev.pacer.application.fixtures.ManualClock;
import dev.pacer.application.fixtures.RecordingChatGateway;
import dev.pacer.application.fixtures.ScriptedReplyGenerator;
import dev.pacer.application.port.DispatchObserver;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.ReplyFailedException;
import dev.pacer.domain.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dispatch use case over the in-memory store, driven step by step on a manual clock: a
 * worker's sleep moves the clock instead of waiting.
 */
class DispatchRepliesTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final RetryPolicy RETRY = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.0);
    private static final PacingPolicy PACING = new PacingPolicy(
            Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ZERO,
            Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(4));

    private final ManualClock clock = new ManualClock();
    private final InMemoryStore store = new InMemoryStore(clock, InMemorySettings.defaults());
    private final ScriptedReplyGenerator generator = new ScriptedReplyGenerator(clock);
    private final RecordingChatGateway gateway = new RecordingChatGateway(clock);

    @Test
    void oneUsersFiveMessagesAnsweredInOrder() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Message message = aMessage("u1", "message " + i);
            store.enqueue(message, 100);
            ids.add(message.id());
        }

        dispatcher(PACING, RETRY).pollOnce();

        assertThat(gateway.sentMessageIds(conversation("u1"))).containsExactlyElementsOf(ids);
        assertThat(generator.maxRunningPerConversation()).isEqualTo(1);
        assertThat(store.pending(conversation("u1"))).isEmpty();
    }

    @Test
    void repliesOfOneUserNeverOverlapInTime() throws InterruptedException {
        for (int i = 1; i <= 5; i++) {
            store.enqueue(aMessage("u1", "message " + i), 100);
        }

        dispatcher(PACING, RETRY).pollOnce();

        List<ScriptedReplyGenerator.Call> calls = generator.calls();
        List<RecordingChatGateway.Sent> sent = gateway.sent();
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i).startedAt()).as("start of reply %d", i + 1).isAfterOrEqualTo(sent.get(i - 1).at());
        }
    }

    @Test
    void secondMessageDelayCountsFromFirstSend() throws InterruptedException {
        store.enqueue(aMessage("u1", "first"), 100);
        store.enqueue(aMessage("u1", "second"), 100);

        dispatcher(PACING, RETRY).pollOnce();

        List<RecordingChatGateway.Sent> sent = gateway.sent();
        Duration expected = PACING.delayFor("reply to second".length(), new SplittableRandom());
        assertThat(Duration.between(sent.get(0).at(), sent.get(1).at())).isEqualTo(expected);
    }

    @Test
    void delaysStayWithinBoundsAndJitter() throws InterruptedException {
        PacingPolicy jittery = new PacingPolicy(
                Duration.ofMillis(1_000), Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofMillis(900), Duration.ofMillis(2_500), Duration.ofDays(1), Duration.ofSeconds(4));
        String[] texts = {"a", "short text", "a somewhat longer question here", "x".repeat(200)};
        for (int i = 0; i < 40; i++) {
            store.enqueue(aMessage("u" + i, texts[i % texts.length]), 100);
        }
        DispatchReplies dispatch = dispatcher(jittery, RETRY);

        while (dispatch.pollOnce() > 0) {
            // serve until every conversation is done
        }

        List<Long> delays = new ArrayList<>();
        for (ScriptedReplyGenerator.Call call : generator.calls()) {
            RecordingChatGateway.Sent sent = gateway.sent().stream()
                    .filter(s -> s.messageId().equals(call.message().id())).findFirst().orElseThrow();
            long delay = Duration.between(call.startedAt(), sent.at()).toMillis();
            long replyLength = ("reply to " + call.message().text()).length();
            long exact = 1_000 + 100 * replyLength;
            assertThat(delay).as("delay of a %d-character reply", replyLength)
                    .isBetween(Math.max(900, Math.min(2_500, exact - 300)), Math.min(2_500, exact + 300));
            delays.add(delay);
        }
        assertThat(delays).hasSize(40);
        assertThat(delays.stream().filter(d -> d < 2_500).distinct().count()).as("jitter varies the delays").isGreaterThan(3);
        assertThat(delays).contains(2_500L);
    }

    @Test
    void slowAiSendsAsSoonAsReplyIsReady() throws InterruptedException {
        generator.on("slow", message -> {
            clock.advance(Duration.ofSeconds(6));
            return "ok";
        });
        store.enqueue(aMessage("u1", "slow"), 100);
        Instant start = clock.now();

        dispatcher(PACING, RETRY).pollOnce();

        assertThat(gateway.sent()).singleElement().satisfies(sent ->
                assertThat(sent.at()).isEqualTo(start.plusSeconds(6)));
    }

    @Test
    void typingShownAtStartAndRefreshedUntilSend() throws InterruptedException {
        PacingPolicy slow = new PacingPolicy(
                Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(4));
        Message message = aMessage("u1", "hello");
        store.enqueue(message, 100);
        Instant start = clock.now();

        dispatcher(slow, RETRY).pollOnce();

        assertThat(gateway.typingFor(message.id()))
                .containsExactly(start, start.plusSeconds(4), start.plusSeconds(8));
        assertThat(gateway.sent()).singleElement().satisfies(sent ->
                assertThat(sent.at()).isEqualTo(start.plusSeconds(10)));
    }

    @Test
    void typingNotShownBelowThreshold() throws InterruptedException {
        PacingPolicy quick = new PacingPolicy(
                Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(4));
        store.enqueue(aMessage("u1", "hello"), 100);

        dispatcher(quick, RETRY).pollOnce();

        assertThat(gateway.typing()).isEmpty();
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void typingStartsWhenLongReplyRaisesDelay() throws InterruptedException {
        PacingPolicy perChar = new PacingPolicy(
                Duration.ofMillis(500), Duration.ofMillis(100), Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(4));
        generator.on("tell me a story", message -> "once upon a time there was a queue");
        Message message = aMessage("u1", "tell me a story");
        store.enqueue(message, 100);

        dispatcher(perChar, RETRY).pollOnce();

        assertThat(gateway.typingFor(message.id())).isNotEmpty();
    }

    @Test
    void failedAiCallKeepsOrderAndRetriesAfterBackoff() throws InterruptedException {
        generator.on("A", message -> {
            throw ReplyFailedException.retryable("model overloaded");
        }, message -> "reply to A");
        Message a = aMessage("u1", "A");
        Message b = aMessage("u1", "B");
        Message c = aMessage("u1", "C");
        store.enqueue(a, 100);
        store.enqueue(b, 100);
        store.enqueue(c, 100);
        DispatchReplies dispatch = dispatcher(PACING, RETRY);

        dispatch.pollOnce();

        assertThat(gateway.sent()).isEmpty();
        assertThat(store.pending(conversation("u1"))).first().satisfies(head -> {
            assertThat(head.id()).isEqualTo(a.id());
            assertThat(head.attempts()).isEqualTo(1);
        });
        assertThat(dispatch.pollOnce()).as("claims during the backoff").isZero();

        clock.advance(Duration.ofSeconds(1));
        dispatch.pollOnce();

        assertThat(gateway.sentMessageIds(conversation("u1"))).containsExactly(a.id(), b.id(), c.id());
    }

    @Test
    void exhaustedRetriesMoveMessageToDeadLetters() throws InterruptedException {
        generator.on("A", message -> {
            throw ReplyFailedException.retryable("model overloaded");
        });
        Message a = aMessage("u1", "A");
        Message b = aMessage("u1", "B");
        store.enqueue(a, 100);
        store.enqueue(b, 100);
        DispatchReplies dispatch = dispatcher(PACING, RETRY);

        for (int attempt = 0; attempt < 3; attempt++) {
            dispatch.pollOnce();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(generator.calls()).filteredOn(call -> call.message().id().equals(a.id())).hasSize(3);
        assertThat(store.list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.message().id()).isEqualTo(a.id());
            assertThat(letter.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.error()).isEqualTo("model overloaded");
        });
        assertThat(gateway.sentMessageIds(conversation("u1"))).containsExactly(b.id());
    }

    @Test
    void backoffGrowsBetweenAttempts() throws InterruptedException {
        generator.on("A", message -> {
            throw ReplyFailedException.retryable("model overloaded");
        });
        store.enqueue(aMessage("u1", "A"), 100);
        RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(60), 0.0);
        DispatchReplies dispatch = dispatcher(PACING, retry);

        List<Instant> attempts = new ArrayList<>();
        for (int i = 0; i < 40 && attempts.size() < 3; i++) {
            if (dispatch.pollOnce() > 0) {
                attempts.add(generator.calls().getLast().startedAt());
            }
            clock.advance(Duration.ofMillis(500));
        }

        assertThat(Duration.between(attempts.get(0), attempts.get(1))).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2_500));
        assertThat(Duration.between(attempts.get(1), attempts.get(2))).isBetween(Duration.ofSeconds(4), Duration.ofMillis(4_500));
    }

    @Test
    void permanentFailureGoesToDeadLettersAtOnce() throws InterruptedException {
        generator.on("A", message -> {
            throw ReplyFailedException.permanent("prompt rejected by content filter");
        });
        Message a = aMessage("u1", "A");
        Message b = aMessage("u1", "B");
        store.enqueue(a, 100);
        store.enqueue(b, 100);

        dispatcher(PACING, RETRY).pollOnce();

        assertThat(generator.calls()).filteredOn(call -> call.message().id().equals(a.id())).hasSize(1);
        assertThat(store.list(10)).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.PERMANENT_FAILURE);
        assertThat(gateway.sentMessageIds(conversation("u1"))).containsExactly(b.id());
    }

    @Test
    void failedSendIsRetriedLikeFailedAiCall() throws InterruptedException {
        Message a = aMessage("u1", "A");
        store.enqueue(a, 100);
        gateway.failSendsWhere(reply -> true);
        DispatchReplies dispatch = dispatcher(PACING, RETRY);

        dispatch.pollOnce();
        gateway.failSendsWhere(reply -> false);
        clock.advance(Duration.ofMinutes(1));
        dispatch.pollOnce();

        assertThat(gateway.sentMessageIds(conversation("u1"))).containsExactly(a.id());
        assertThat(store.list(10)).isEmpty();
    }

    @Test
    void workerWithExpiredLeaseSendsAndAcknowledgesNothing() throws InterruptedException {
        DispatchReplies stalled = dispatcher(PACING, RETRY);
        DispatchReplies rescuer = dispatcher(PACING, RETRY);
        Message a = aMessage("u1", "A");
        generator.on("A", message -> {
            clock.advance(TTL.plusSeconds(1));
            rescuer.pollOnce();
            return "late reply";
        }, message -> "rescued reply");
        store.enqueue(a, 100);

        stalled.pollOnce();

        assertThat(gateway.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.messageId()).isEqualTo(a.id());
            assertThat(sent.reply().text()).isEqualTo("rescued reply");
        });
        assertThat(store.recent(conversation("u1"), 10)).hasSize(2);
        assertThat(store.pending(conversation("u1"))).isEmpty();
    }

    @Test
    void renewalKeepsLeaseThroughDelayLongerThanTtl() throws InterruptedException {
        PacingPolicy longerThanLease = new PacingPolicy(
                Duration.ofSeconds(95), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(120), Duration.ofDays(1), Duration.ofSeconds(4));
        List<Integer> claimedByOthers = new ArrayList<>();
        clock.afterEachSleep(() -> claimedByOthers.add(store.claim(1, TTL).size()));
        store.enqueue(aMessage("u1", "A"), 100);
        Instant start = clock.now();

        dispatcher(longerThanLease, RETRY).pollOnce();

        assertThat(claimedByOthers).hasSizeGreaterThanOrEqualTo(9).containsOnly(0);
        assertThat(gateway.sent()).singleElement().satisfies(sent ->
                assertThat(sent.at()).isEqualTo(start.plusSeconds(95)));
        assertThat(store.pending(conversation("u1"))).isEmpty();
    }

    @Test
    void startupRepairSchedulesOnlyConversationsWithMessages() throws InterruptedException {
        store.enqueue(aMessage("lost", "A"), 100);
        store.enqueue(aMessage("fine", "B"), 100);
        store.dropFromSchedule(conversation("lost"));
        DispatchReplies dispatch = dispatcher(PACING, RETRY);
        dispatch.pollOnce();
        assertThat(gateway.sentMessageIds(conversation("lost"))).isEmpty();

        int repaired = new RepairQueues(store).run();
        dispatch.pollOnce();

        assertThat(repaired).isEqualTo(1);
        assertThat(gateway.sentMessageIds(conversation("lost"))).hasSize(1);
    }

    @Test
    void historyIsGivenToGenerator() throws InterruptedException {
        store.enqueue(aMessage("u1", "first"), 100);
        store.enqueue(aMessage("u1", "second"), 100);

        dispatcher(PACING, RETRY).pollOnce();

        assertThat(generator.calls().get(1).history()).extracting(turn -> turn.text())
                .containsExactly("first", "reply to first");
    }

    @Test
    void observerSeesEveryOutcome() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        DispatchObserver observer = new DispatchObserver() {
            @Override
            public void replySent(Message message, Duration lateness) {
                seen.add("sent " + message.text() + " late " + lateness.toMillis());
            }

            @Override
            public void replyRetried(Message message, Duration backoff) {
                seen.add("retried " + message.text());
            }

            @Override
            public void deadLettered(DeadLetter letter) {
                seen.add("dead " + letter.message().text() + " " + letter.reason());
            }
        };
        generator.on("flaky", message -> {
            throw ReplyFailedException.retryable("timeout");
        }, message -> "ok");
        generator.on("bad", message -> {
            throw ReplyFailedException.permanent("rejected");
        });
        store.enqueue(aMessage("u1", "flaky"), 100);
        store.enqueue(aMessage("u2", "bad"), 100);
        store.enqueue(aMessage("u2", "fine"), 100);
        DispatchReplies dispatch = new DispatchReplies(
                store, store, generator, gateway, clock, PACING, RETRY,
                new DispatchSettings(4, 10, TTL, 10, Duration.ofSeconds(1)), new SplittableRandom(7), Runnable::run, observer);

        dispatch.pollOnce();
        clock.advance(Duration.ofMinutes(1));
        dispatch.pollOnce();

        assertThat(seen).containsExactly(
                "retried flaky", "dead bad PERMANENT_FAILURE", "sent fine late 0", "sent flaky late 0");
    }

    private DispatchReplies dispatcher(PacingPolicy pacing, RetryPolicy retry) {
        DispatchSettings settings = new DispatchSettings(4, 10, TTL, 10, Duration.ofSeconds(1));
        return new DispatchReplies(
                store, store, generator, gateway, clock, pacing, retry, settings, new SplittableRandom(7), Runnable::run);
    }
}
