package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** A stopped Redis is reported as unavailable, quickly and without other exception types. */
class RedisOutageTest {

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
    void stoppedRedisIsUnavailableUntilRestart() {
        RedisSettings settings = RedisSettings.defaults(server.url())
                .withShards(4)
                .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), 1);
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            Message message = new Message("m1", new ConversationKey("bot", "dave"), "chat", "hi", MessageType.REGULAR,
                    Instant.now(), 0);
            assertThat(store.health().isAvailable()).isTrue();

            server.stop();

            assertThat(store.health().isAvailable()).isFalse();
            assertThatThrownBy(() -> store.queue().enqueue(message, 10)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.queue().claim(5, Duration.ofSeconds(5))).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.deadLetters().count()).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.history().recent(message.conversation(), 5))
                    .isInstanceOf(StoreUnavailableException.class);

            server.restart();

            assertThat(store.health().isAvailable()).isTrue();
            assertThat(store.queue().enqueue(message, 10)).isEqualTo(new EnqueueOutcome.Accepted("m1", 1));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void clientCreatedWhileRedisIsDownConnectsLater() {
        server.stop();
        RedisSettings settings = RedisSettings.defaults(server.url())
                .withShards(4)
                .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), 1);
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            assertThat(store.health().isAvailable()).isFalse();

            server.restart();

            assertThat(store.health().isAvailable()).isTrue();
            assertThat(store.queue().claim(1, Duration.ofSeconds(1))).isEmpty();
        } finally {
            client.shutdown();
        }
    }
}
