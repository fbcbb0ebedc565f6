package dev.pacer.application;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.memory.InMemoryStore;
import dev.pacer.application.fixtures.RecordingChatGateway;
import dev.pacer.application.fixtures.ScriptedReplyGenerator;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Several dispatcher loops on real threads and the wall clock, sharing one in-memory store. */
class DispatcherLoopTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final SystemWorkerClock clock = new SystemWorkerClock();
    private final InMemoryStore store = new InMemoryStore();
    private final ScriptedReplyGenerator generator = new ScriptedReplyGenerator(clock);
    private final RecordingChatGateway gateway = new RecordingChatGateway(clock);

    @Test
    void fiftyUsersOnThreeLoopsNeverOverlap() throws Exception {
        PacingPolicy pacing = new PacingPolicy(
                Duration.ofMillis(4), Duration.ZERO, Duration.ofMillis(3),
                Duration.ZERO, Duration.ofMillis(20), Duration.ofDays(1), Duration.ofSeconds(4));
        Map<ConversationKey, List<String>> accepted = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int user = 0; user < 50; user++) {
                Message message = aMessage("user" + user, "round " + round);
                store.enqueue(message, 100);
                accepted.computeIfAbsent(message.conversation(), key -> new ArrayList<>()).add(message.id());
            }
        }
        List<DispatcherLoop> loops = List.of(loop(pacing), loop(pacing), loop(pacing));

        loops.forEach(DispatcherLoop::start);
        awaitSent(250, Duration.ofSeconds(30));
        for (DispatcherLoop loop : loops) {
            loop.stop(Duration.ofSeconds(5));
        }

        assertThat(gateway.sent()).hasSize(250);
        accepted.forEach((conversation, ids) ->
                assertThat(gateway.sentMessageIds(conversation)).as("replies of %s", conversation).containsExactlyElementsOf(ids));
        assertThat(generator.maxRunningPerConversation()).isEqualTo(1);
        assertNoOverlapPerConversation();
    }

    @Test
    void stopDuringLongDelayKeepsMessageQueued() throws Exception {
        PacingPolicy slow = new PacingPolicy(
                Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(60), Duration.ofDays(1), Duration.ofSeconds(4));
        Message message = aMessage("u1", "hello");
        store.enqueue(message, 100);
        DispatcherLoop loop = loop(slow);
        loop.start();
        awaitCalls(1, Duration.ofSeconds(10));

        loop.stop(Duration.ofMillis(100));

        assertThat(gateway.sent()).isEmpty();
        assertThat(store.pending(conversation("u1"))).containsExactly(message);
        assertThat(store.claim(1, TTL)).as("released lease makes the conversation due").hasSize(1);
    }

    @Test
    void stopFinishesReplyInProgressOnly() throws Exception {
        PacingPolicy pacing = new PacingPolicy(
                Duration.ofMillis(300), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofSeconds(4));
        Message first = aMessage("u1", "first");
        Message second = aMessage("u1", "second");
        Message third = aMessage("u1", "third");
        store.enqueue(first, 100);
        store.enqueue(second, 100);
        store.enqueue(third, 100);
        DispatcherLoop loop = loop(pacing);
        loop.start();
        awaitCalls(1, Duration.ofSeconds(10));

        loop.stop(Duration.ofSeconds(5));

        assertThat(gateway.sentMessageIds(conversation("u1"))).containsExactly(first.id());
        assertThat(store.pending(conversation("u1"))).containsExactly(second, third);
        assertThat(store.claim(1, TTL)).as("released lease makes the conversation due").hasSize(1);
    }

    private DispatcherLoop loop(PacingPolicy pacing) {
        DispatchSettings settings = new DispatchSettings(8, 4, TTL, 0, Duration.ofMillis(200));
        DispatchReplies dispatch = new DispatchReplies(
                store, store, generator, gateway, clock, pacing,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), 0.5),
                settings, new SplittableRandom(), Executors.newVirtualThreadPerTaskExecutor());
        return new DispatcherLoop(dispatch, store);
    }

    private void assertNoOverlapPerConversation() {
        Map<ConversationKey, List<ScriptedReplyGenerator.Call>> byConversation = new HashMap<>();
        for (ScriptedReplyGenerator.Call call : generator.calls()) {
            byConversation.computeIfAbsent(call.message().conversation(), key -> new ArrayList<>()).add(call);
        }
        for (List<ScriptedReplyGenerator.Call> calls : byConversation.values()) {
            for (int i = 1; i < calls.size(); i++) {
                String previous = calls.get(i - 1).message().id();
                RecordingChatGateway.Sent previousSend = gateway.sent().stream()
                        .filter(sent -> sent.messageId().equals(previous)).findFirst().orElseThrow();
                assertThat(calls.get(i).startedAt()).as("next call starts after the previous reply was sent")
                        .isAfterOrEqualTo(previousSend.at());
            }
        }
    }

    private void awaitSent(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (gateway.sent().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void awaitCalls(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generator.calls().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
