package dev.pacer.adapters.redis;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.contract.StorePorts;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.domain.ConversationKey;
import java.time.Duration;
import org.redisson.api.RedissonClient;

/** A {@link RedisStore} on a private server, as the contract suites see it. */
final class RedisStorePorts implements StorePorts {

    private final RedisServerProcess server;
    private final RedisSettings settings;
    private final RedisStore store;

    RedisStorePorts(RedisServerProcess server, RedissonClient client, RedisSettings settings) {
        this.server = server;
        this.settings = settings;
        server.flush();
        this.store = new RedisStore(client, settings);
    }

    /** Returns test settings for {@code server}: short timeouts, 6 turns, 5 dead letters. */
    static RedisSettings settings(RedisServerProcess server, int shards) {
        return RedisSettings.defaults(server.url())
                .withShards(shards)
                .withHistoryLimit(6)
                .withDeadLetterLimit(5)
                .withIdempotencyTtl(Duration.ofHours(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 1);
    }

    @Override
    public ConversationQueue queue() {
        return store.queue();
    }

    @Override
    public ConversationHistory history() {
        return store.history();
    }

    @Override
    public DeadLetterStore deadLetters() {
        return store.deadLetters();
    }

    @Override
    public int historyLimit() {
        return settings.historyLimit();
    }

    @Override
    public int deadLetterLimit() {
        return settings.deadLetterLimit();
    }

    @Override
    public void dropFromSchedule(ConversationKey conversation) {
        RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        int shard = keys.shardOf(conversation);
        String member = RedisKeys.member(conversation);
        server.command("ZREM", keys.due(shard), member);
        server.command("ZREM", keys.leased(shard), member);
        server.command("HDEL", keys.lease(shard), member);
    }

    @Override
    public void close() {
        store.close();
    }
}
