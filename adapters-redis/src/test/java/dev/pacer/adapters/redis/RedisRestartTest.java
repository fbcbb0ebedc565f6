package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * Redis with an append-only file synced on every write is killed with SIGKILL and started again
 * while dispatchers run and messages arrive: every accepted message is still answered.
 */
class RedisRestartTest {

    private static final int CONVERSATIONS = 50;
    private static final int MESSAGES_EACH = 10;

    private static RedisServerProcess server;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.startWithAppendOnlyFile();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void killedRedisLosesNoAcceptedMessage() throws Exception {
        RedisSettings settings = RedisSettings.defaults(server.url())
                .withShards(16)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), 1);
        ReplyRecorder recorder = new ReplyRecorder();
        List<TestDispatcher> dispatchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "dispatcher-" + i;
            ReplyRecorder.Behaviour slowish = message -> Thread.sleep(2);
            dispatchers.add(new TestDispatcher(settings, recorder.generator(name, slowish), recorder.gateway(name),
                    TestDispatcher.dispatchSettings(Duration.ofSeconds(1))).start());
        }

        Map<ConversationKey, List<String>> accepted = new ConcurrentHashMap<>();
        AtomicInteger acceptedCount = new AtomicInteger();
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore producer = new RedisStore(client, settings)) {
            Thread enqueuer = Thread.ofVirtual().start(() -> enqueueAll(producer, accepted, acceptedCount));

            Eventually.await("a third of the messages are answered", Duration.ofSeconds(60),
                    () -> recorder.totalSent() >= CONVERSATIONS * MESSAGES_EACH / 3,
                    () -> recorder.totalSent() + " sent");
            server.kill();
            Thread.sleep(1_500);
            server.restart();

            enqueuer.join(Duration.ofSeconds(120));
            assertThat(acceptedCount.get()).isEqualTo(CONVERSATIONS * MESSAGES_EACH);
            Eventually.await("every accepted message is answered", Duration.ofSeconds(120),
                    () -> accepted.entrySet().stream().allMatch(e -> answeredIds(recorder, e.getKey()).equals(e.getValue())),
                    () -> recorder.totalSent() + " sent, " + acceptedCount.get() + " accepted");
        } finally {
            for (TestDispatcher dispatcher : dispatchers) {
                dispatcher.close();
            }
            client.shutdown();
        }

        for (Map.Entry<ConversationKey, List<String>> entry : accepted.entrySet()) {
            assertThat(answeredIds(recorder, entry.getKey())).as("replies to %s", entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(recorder.overlaps(List.of("send"))).isEmpty();
    }

    /**
     * Returns the answered message ids with adjacent repeats collapsed: a reply sent again after
     * its acknowledgement failed during the outage carries the same idempotency key and is
     * dropped by the receiver.
     */
    private static List<String> answeredIds(ReplyRecorder recorder, ConversationKey conversation) {
        List<String> collapsed = new ArrayList<>();
        for (String id : recorder.sentTo(conversation)) {
            if (collapsed.isEmpty() || !collapsed.getLast().equals(id)) {
                collapsed.add(id);
            }
        }
        return collapsed;
    }

    /**
     * Enqueues every message, one round over all conversations every 150 ms so that the outage
     * falls in the middle, and sends a message again with the same id while Redis is down.
     */
    private static void enqueueAll(RedisStore producer, Map<ConversationKey, List<String>> accepted, AtomicInteger count) {
        for (int n = 0; n < MESSAGES_EACH; n++) {
            for (int c = 0; c < CONVERSATIONS; c++) {
                ConversationKey conversation = new ConversationKey("bot", "user" + c);
                Message message = new Message("m" + n, conversation, "chat" + c, "message " + n,
                        MessageType.REGULAR, Instant.now(), 0);
                while (true) {
                    try {
                        EnqueueOutcome outcome = producer.queue().enqueue(message, 100);
                        if (outcome instanceof EnqueueOutcome.QueueFull) {
                            throw new AssertionError("queue full for " + conversation);
                        }
                        accepted.computeIfAbsent(conversation, key -> new ArrayList<>()).add(message.id());
                        count.incrementAndGet();
                        break;
                    } catch (StoreUnavailableException e) {
                        sleep(50);
                    }
                }
            }
            sleep(150);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
