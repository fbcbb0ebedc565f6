package dev.pacer.adapters.redis;

import java.util.Objects;
import org.redisson.api.RedissonClient;

/**
 * Every storage port on one Redisson client, sharing one {@link ShardSchedule} so that work this
 * instance schedules (an enqueue, a release, a replay) is claimable at once without waiting for
 * the wake-up message. Closing the store removes its wake-up listener; the client stays open
 * and belongs to the caller.
 */
public final class RedisStore implements AutoCloseable {

    private final RedisConversationQueue queue;
    private final RedisConversationHistory history;
    private final RedisDeadLetterStore deadLetters;
    private final RedisStoreHealth health;
    private final ShardSchedule schedule;

    public RedisStore(RedissonClient client, RedisSettings settings) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        this.schedule = new ShardSchedule(client, keys, settings.scheduleRefresh(), settings.commandTimeout());
        this.queue = new RedisConversationQueue(client, settings, keys, schedule);
        this.history = new RedisConversationHistory(client, keys);
        this.deadLetters = new RedisDeadLetterStore(client, settings, keys, schedule);
        this.health = new RedisStoreHealth(client, keys, settings.commandTimeout().toMillis());
    }

    public RedisConversationQueue queue() {
        return queue;
    }

    public RedisConversationHistory history() {
        return history;
    }

    public RedisDeadLetterStore deadLetters() {
        return deadLetters;
    }

    public RedisStoreHealth health() {
        return health;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
