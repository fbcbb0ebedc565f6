package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.fixtures.Messages;
import dev.pacer.application.port.Claim;
import dev.pacer.domain.Message;
import java.time.Duration;
import dev.pacer.application.contract.ConversationHistoryContract;
import dev.pacer.application.contract.StorePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

class RedisConversationHistoryTest extends ConversationHistoryContract {

    private static RedisServerProcess server;
    private static RedissonClient client;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
        client = RedisClients.create(RedisStorePorts.settings(server, 16));
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        server.close();
    }

    @Test
    void historyExpiresAfterRetention() {
        RedisSettings settings = RedisStorePorts.settings(server, 16);
        RedisStore store = new RedisStore(client, settings);
        Message message = Messages.aMessage("idle-user", "hello");
        store.queue().enqueue(message, 10);
        Claim claim = store.queue().claim(1, Duration.ofSeconds(30)).getFirst();

        store.queue().acknowledge(claim.lease(), message, "hi");

        String key = new RedisKeys(settings.keyPrefix(), settings.shards()).history(message.conversation());
        long millisLeft = ((Number) server.command("PTTL", key)).longValue();
        assertThat(millisLeft).isBetween(
                RedisConversationQueue.HISTORY_RETENTION.minusMinutes(1).toMillis(),
                RedisConversationQueue.HISTORY_RETENTION.toMillis());
        store.close();
    }

    @Override
    protected StorePorts createStore() {
        return new RedisStorePorts(server, client, RedisStorePorts.settings(server, 16));
    }
}
