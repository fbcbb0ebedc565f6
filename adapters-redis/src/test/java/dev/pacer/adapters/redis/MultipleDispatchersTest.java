package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Four dispatchers, each with its own Redisson client, serve many conversations at once. */
class MultipleDispatchersTest {

    private static final int CONVERSATIONS = 200;
    private static final int MESSAGES_EACH = 20;

    private static RedisServerProcess server;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void fourDispatchersAnswerEveryMessageOnceInOrder() throws Exception {
        RedisSettings settings = RedisSettings.defaults(server.url()).withShards(32);
        ReplyRecorder recorder = new ReplyRecorder();
        List<TestDispatcher> dispatchers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "dispatcher-" + i;
            dispatchers.add(new TestDispatcher(settings, recorder.generator(name), recorder.gateway(name),
                    TestDispatcher.dispatchSettings(Duration.ofSeconds(5))).start());
        }

        Map<ConversationKey, List<String>> accepted = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore producer = new RedisStore(client, settings)) {
            for (int n = 0; n < MESSAGES_EACH; n++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    ConversationKey conversation = new ConversationKey("bot", "user" + c);
                    Message message = new Message("m" + n, conversation, "chat" + c, "message " + n,
                            MessageType.REGULAR, Instant.now(), 0);
                    EnqueueOutcome outcome = producer.queue().enqueue(message, 100);
                    assertThat(outcome).isInstanceOf(EnqueueOutcome.Accepted.class);
                    accepted.computeIfAbsent(conversation, key -> new ArrayList<>()).add(message.id());
                }
            }

            Eventually.await("every message is answered", Duration.ofSeconds(120),
                    () -> recorder.totalSent() >= CONVERSATIONS * MESSAGES_EACH,
                    () -> recorder.totalSent() + " of " + CONVERSATIONS * MESSAGES_EACH + " sent");
            Thread.sleep(300);
            assertThat(producer.queue().counts().leasedConversations()).isZero();
            assertThat(producer.queue().counts().dueConversations()).isZero();
        } finally {
            for (TestDispatcher dispatcher : dispatchers) {
                dispatcher.close();
            }
            client.shutdown();
        }

        assertThat(recorder.totalSent()).isEqualTo(CONVERSATIONS * MESSAGES_EACH);
        for (Map.Entry<ConversationKey, List<String>> entry : accepted.entrySet()) {
            assertThat(recorder.sentTo(entry.getKey())).as("replies to %s", entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(recorder.overlaps(List.of("generate", "send"))).isEmpty();
        assertThat(recorder.activities().stream().map(ReplyRecorder.Activity::worker).distinct())
                .as("dispatchers that did work")
                .hasSizeGreaterThan(1);
    }
}
