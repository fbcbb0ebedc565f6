package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.RepairQueues;
import dev.pacer.application.port.Claim;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Startup repair reads only the conversation index, however many other keys Redis holds. */
class StartupRepairTest {

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
    void repairSchedulesOnlyQueuedConversationsWithoutKeys() {
        server.command("EVAL", "for i = 1, 100000 do redis.call('SET', 'unrelated:' .. i, i) end return 1", "0");
        RedisSettings settings = RedisSettings.defaults(server.url()).withShards(16);
        RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            Set<ConversationKey> queued = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                ConversationKey conversation = new ConversationKey("bot", "user" + i);
                store.queue().enqueue(new Message("m1", conversation, "chat" + i, "hi", MessageType.REGULAR, Instant.now(), 0), 10);
                queued.add(conversation);
                if (i < 20) {
                    server.command("ZREM", keys.due(keys.shardOf(conversation)), RedisKeys.member(conversation));
                }
            }
            for (int i = 0; i < 5; i++) {
                ConversationKey empty = new ConversationKey("bot", "gone" + i);
                server.command("SADD", keys.conversations(keys.shardOf(empty)), RedisKeys.member(empty));
            }
            long keysCallsBefore = server.commandCalls("keys");
            long scanCallsBefore = server.commandCalls("scan");

            int repaired = new RepairQueues(store.queue()).run();

            assertThat(repaired).isEqualTo(20);
            assertThat(server.commandCalls("keys")).isEqualTo(keysCallsBefore).isZero();
            assertThat(server.commandCalls("scan")).isEqualTo(scanCallsBefore);
            long indexed = 0;
            for (int shard = 0; shard < settings.shards(); shard++) {
                indexed += (Long) server.command("SCARD", keys.conversations(shard));
            }
            assertThat(indexed).as("conversations left in the index").isEqualTo(30);
            assertThat((Long) server.command("DBSIZE")).isGreaterThan(100_000);

            List<Claim> claims = store.queue().claim(100, Duration.ofSeconds(30));
            assertThat(claims).extracting(claim -> claim.lease().conversation()).containsExactlyInAnyOrderElementsOf(queued);
        } finally {
            client.shutdown();
        }
    }
}
