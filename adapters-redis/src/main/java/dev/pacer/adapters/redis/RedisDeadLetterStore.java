package dev.pacer.adapters.redis;

import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.ReplayOutcome;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters in Redis. Each shard keeps its conversations' dead letters in a hash by id and
 * a sorted set by Redis server time in microseconds. Listing merges the shards oldest first. The
 * dead-letter id names its shard, so finding, replaying and deleting one touch only that shard.
 * Thread safe.
 */
public final class RedisDeadLetterStore implements DeadLetterStore {

    private static final Logger log = LoggerFactory.getLogger(RedisDeadLetterStore.class);

    private record Listed(int shard, String id, double order) {}

    private final RedissonClient client;
    private final RedisSettings settings;
    private final RedisKeys keys;
    private final ScriptRunner scripts;
    private final ShardSchedule schedule;

    RedisDeadLetterStore(RedissonClient client, RedisSettings settings, RedisKeys keys, ShardSchedule schedule) {
        this.client = client;
        this.settings = settings;
        this.keys = keys;
        this.scripts = new ScriptRunner(client);
        this.schedule = schedule;
    }

    /** Returns up to {@code limit} dead letters, oldest first, reading that many from every shard. */
    @Override
    public List<DeadLetter> list(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Listed> oldest = oldestIds(limit);

        RBatch batch = newBatch();
        List<RFuture<String>> stored = new ArrayList<>(oldest.size());
        for (Listed listed : oldest) {
            stored.add(batch.<String, String>getMap(keys.deadLetters(listed.shard()), StringCodec.INSTANCE)
                    .getAsync(listed.id()));
        }
        StoreCalls.call("dead-letter list", batch::execute);

        List<DeadLetter> letters = new ArrayList<>(oldest.size());
        for (int i = 0; i < oldest.size(); i++) {
            parse(oldest.get(i).id(), stored.get(i).toCompletableFuture().join()).ifPresent(letters::add);
        }
        return letters;
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        Optional<Integer> shard = keys.shardOfDeadLetter(id);
        if (shard.isEmpty()) {
            return Optional.empty();
        }
        String json = StoreCalls.call("dead-letter find", () ->
                client.<String, String>getMap(keys.deadLetters(shard.get()), StringCodec.INSTANCE).get(id));
        return parse(id, json);
    }

    @Override
    public ReplayOutcome replay(String id) {
        Optional<DeadLetter> found = find(id);
        if (found.isEmpty()) {
            return new ReplayOutcome.NotFound(id);
        }
        DeadLetter letter = found.get();
        if (letter.message() == null) {
            return new ReplayOutcome.Unreadable(id);
        }

        int shard = keys.shardOfDeadLetter(id).orElseThrow();
        ConversationKey conversation = letter.conversation();
        Message message = letter.message().withAttemptsReset();
        ScriptReply reply = scripts.run(LuaScript.REPLAY,
                List.of(keys.deadLetters(shard), keys.deadLetterOrder(shard), keys.queue(conversation), keys.due(shard),
                        keys.leased(shard), keys.conversations(shard)),
                id, RedisKeys.member(conversation), StoredMessage.write(message), keys.wakeChannel(), shard);

        if ("missing".equals(reply.status())) {
            return new ReplayOutcome.NotFound(id);
        }
        schedule.lower(shard, reply.longAt(2));
        return new ReplayOutcome.Requeued(id, message.id(), reply.longAt(1));
    }

    @Override
    public boolean delete(String id) {
        Optional<Integer> shard = keys.shardOfDeadLetter(id);
        if (shard.isEmpty()) {
            return false;
        }
        long deleted = scripts.runForLong(LuaScript.DELETE_DEAD_LETTER,
                List.of(keys.deadLetters(shard.get()), keys.deadLetterOrder(shard.get())), id);
        return deleted > 0;
    }

    @Override
    public long count() {
        RBatch batch = newBatch();
        List<RFuture<Integer>> sizes = new ArrayList<>(keys.shards());
        for (int shard = 0; shard < keys.shards(); shard++) {
            sizes.add(batch.getScoredSortedSet(keys.deadLetterOrder(shard), StringCodec.INSTANCE).sizeAsync());
        }
        StoreCalls.call("dead-letter count", batch::execute);
        long total = 0;
        for (RFuture<Integer> size : sizes) {
            total += size.toCompletableFuture().join();
        }
        return total;
    }

    private List<Listed> oldestIds(int limit) {
        RBatch batch = newBatch();
        List<RFuture<Collection<ScoredEntry<String>>>> ranges = new ArrayList<>(keys.shards());
        for (int shard = 0; shard < keys.shards(); shard++) {
            ranges.add(batch.<String>getScoredSortedSet(keys.deadLetterOrder(shard), StringCodec.INSTANCE)
                    .entryRangeAsync(0, limit - 1));
        }
        StoreCalls.call("dead-letter list", batch::execute);

        List<Listed> all = new ArrayList<>();
        for (int shard = 0; shard < keys.shards(); shard++) {
            for (ScoredEntry<String> entry : ranges.get(shard).toCompletableFuture().join()) {
                all.add(new Listed(shard, entry.getValue(), entry.getScore()));
            }
        }
        all.sort(Comparator.comparingDouble(Listed::order).thenComparing(Listed::id));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    private Optional<DeadLetter> parse(String id, String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredJson.read(json, StoredDeadLetter.class).toDomain());
        } catch (Exception e) {
            log.warn("dead letter {} is unreadable and skipped: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    private RBatch newBatch() {
        return client.createBatch(BatchOptions.defaults()
                .responseTimeout(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
}
