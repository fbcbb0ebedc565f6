package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.port.Claim;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Dead letters spread over several shards are listed oldest first and capped per shard. */
class DeadLetterShardsTest {

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
    void listMergesShardsOldestFirst() {
        RedisSettings settings = RedisSettings.defaults(server.url()).withShards(8).withDeadLetterLimit(80);
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            List<String> killed = new ArrayList<>();
            Set<Integer> shards = new HashSet<>();
            RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
            for (int i = 0; i < 20; i++) {
                ConversationKey conversation = new ConversationKey("bot", "user" + i);
                shards.add(keys.shardOf(conversation));
                killed.add(kill(store, conversation, "text" + i));
            }

            List<DeadLetter> listed = store.deadLetters().list(100);

            assertThat(shards).hasSizeGreaterThan(3);
            assertThat(listed).extracting(letter -> letter.message().text()).containsExactlyElementsOf(killed);
            assertThat(store.deadLetters().list(5)).extracting(letter -> letter.message().text())
                    .containsExactlyElementsOf(killed.subList(0, 5));
            assertThat(store.deadLetters().count()).isEqualTo(20);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shardEvictsItsOldestBeyondItsShare() {
        server.flush();
        RedisSettings settings = RedisSettings.defaults(server.url()).withShards(4).withDeadLetterLimit(8);
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            ConversationKey conversation = new ConversationKey("bot", "erin");
            for (int i = 0; i < 4; i++) {
                kill(store, conversation, "text" + i);
            }

            assertThat(store.deadLetters().list(10)).extracting(letter -> letter.message().text())
                    .containsExactly("text2", "text3");
            assertThat(store.queue().evictedDeadLetters()).isEqualTo(2);
        } finally {
            client.shutdown();
        }
    }

    private static String kill(RedisStore store, ConversationKey conversation, String text) {
        Message message = new Message("id-" + text, conversation, "chat", text, MessageType.REGULAR, Instant.now(), 0);
        store.queue().enqueue(message, 10);
        Claim claim = store.queue().claim(1, Duration.ofSeconds(30)).getFirst();
        store.queue().deadLetter(claim.lease(), DeadLetter.of(message, DeadLetterReason.PERMANENT_FAILURE, "e", Instant.now()));
        return text;
    }
}
