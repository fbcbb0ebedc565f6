package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** A dispatcher that dies mid-reply leaves its message to another one once the lease expires. */
class CrashTest {

    private static final Duration LEASE_TTL = Duration.ofMillis(800);
    private static final ConversationKey CONVERSATION = new ConversationKey("bot", "bob");

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
    void crashedDispatcherMessageIsAnsweredByAnother() throws Exception {
        RedisSettings settings = RedisSettings.defaults(server.url()).withShards(8);
        ReplyRecorder recorder = new ReplyRecorder();
        CountDownLatch crashingStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        TestDispatcher crashing = new TestDispatcher(settings,
                recorder.generator("crashing", message -> {
                    crashingStarted.countDown();
                    never.await();
                }),
                recorder.gateway("crashing"), TestDispatcher.dispatchSettings(LEASE_TTL)).start();
        TestDispatcher survivor = null;
        try {
            Message message = enqueue(settings, "m1");
            Message next = enqueue(settings, "m2");
            assertThat(crashingStarted.await(10, TimeUnit.SECONDS)).as("crashing worker started").isTrue();

            crashing.crash();
            survivor = new TestDispatcher(settings, recorder.generator("survivor"), recorder.gateway("survivor"),
                    TestDispatcher.dispatchSettings(LEASE_TTL)).start();

            Eventually.await("the survivor answered both messages", Duration.ofSeconds(15),
                    () -> recorder.sentTo(CONVERSATION).size() == 2, () -> "sent " + recorder.sentTo(CONVERSATION));
            assertThat(recorder.sentTo(CONVERSATION)).containsExactly(message.id(), next.id());
            assertThat(recorder.activitiesOf("crashing", "send")).isEmpty();
            assertThat(recorder.attemptsSeen(message.id())).as("attempts seen by each AI call").containsExactly(0, 0);
            assertThat(survivor.store().deadLetters().count()).isZero();
        } finally {
            never.countDown();
            crashing.close();
            if (survivor != null) {
                survivor.close();
            }
        }
    }

    private static Message enqueue(RedisSettings settings, String id) {
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            Message message = new Message(id, CONVERSATION, "chat-bob", "hello " + id, MessageType.REGULAR, Instant.now(), 0);
            store.queue().enqueue(message, 10);
            return message;
        } finally {
            client.shutdown();
        }
    }
}
