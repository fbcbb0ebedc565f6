package dev.pacer.adapters.redis;

import dev.pacer.application.port.Claim;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.application.port.Lease;
import dev.pacer.application.port.LeaseLostException;
import dev.pacer.application.port.QueueCounts;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;
import dev.pacer.domain.Speaker;
import dev.pacer.domain.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation queues, their schedule and their leases in Redis. Every change is one Lua
 * script on the conversation's shard, and every script that takes a lease checks its token and
 * expiry in the same step as its change. See the module README for the key layout and for why
 * tokens carry a random salt.
 *
 * <p>Acknowledge, dead-letter and retry-later calls name the entry they were made for, and the
 * script changes the head only when it is that entry. Acknowledge and dead-letter calls also carry
 * an operation id that the script records, so a call that Redisson sends again after a lost reply
 * does not remove a second message. Thread safe.
 */
public final class RedisConversationQueue implements ConversationQueue, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConversationQueue.class);
    private static final int REPAIR_PAGE = 500;

    /**
     * Number of salts a claim chooses from, so a token is the shard's grant counter times this plus
     * the salt. After Redis lost a grant, its token comes back with probability 1 in this number.
     * Tokens stay below 2^53, where Lua's doubles are exact, for about 9 * 10^9 grants per shard.
     */
    static final long TOKEN_SALT_RANGE = 1_000_000;

    /** A conversation's history expires this long after its last reply, so idle users cost nothing. */
    static final Duration HISTORY_RETENTION = Duration.ofDays(30);

    private final RedissonClient client;
    private final RedisSettings settings;
    private final RedisKeys keys;
    private final ScriptRunner scripts;
    private final ShardSchedule schedule;
    private final AtomicLong evictedDeadLetters = new AtomicLong();

    RedisConversationQueue(RedissonClient client, RedisSettings settings, RedisKeys keys, ShardSchedule schedule) {
        this.client = client;
        this.settings = settings;
        this.keys = keys;
        this.scripts = new ScriptRunner(client);
        this.schedule = schedule;
    }

    @Override
    public EnqueueOutcome enqueue(Message message, int maxQueued) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1: " + maxQueued);
        }
        ConversationKey conversation = message.conversation();
        int shard = keys.shardOf(conversation);

        ScriptReply reply = scripts.run(LuaScript.ENQUEUE,
                List.of(keys.queue(conversation), keys.acceptedId(conversation, message.id()), keys.due(shard),
                        keys.leased(shard), keys.conversations(shard)),
                RedisKeys.member(conversation), StoredMessage.write(message), maxQueued,
                settings.idempotencyTtl().toMillis(), keys.wakeChannel(), shard);

        return switch (reply.status()) {
            case "duplicate" -> new EnqueueOutcome.Duplicate(message.id(), reply.longAt(1));
            case "full" -> new EnqueueOutcome.QueueFull(maxQueued);
            default -> {
                long dueAt = reply.longAt(2);
                if (dueAt >= 0) {
                    schedule.observeServerTime(dueAt);
                    schedule.lower(shard, dueAt);
                }
                yield new EnqueueOutcome.Accepted(message.id(), reply.longAt(1));
            }
        };
    }

    /**
     * Claims from the shards that this instance's schedule view marks as due, earliest first. When Redis fails
     * after some shards granted claims, those claims are returned and the failure is logged.
     */
    @Override
    public List<Claim> claim(int max, Duration leaseTtl) {
        if (max < 1) {
            return List.of();
        }
        schedule.refreshIfStale();

        List<Claim> claims = new ArrayList<>();
        for (int shard : schedule.dueShards()) {
            if (claims.size() >= max) {
                break;
            }
            try {
                claimFromShard(shard, max - claims.size(), leaseTtl, claims);
            } catch (StoreUnavailableException e) {
                if (claims.isEmpty()) {
                    throw e;
                }
                log.warn("shard={} claim failed after {} conversations were claimed; returning those: {}",
                        shard, claims.size(), e.getMessage());
                break;
            }
        }
        return claims;
    }

    private void claimFromShard(int shard, int max, Duration leaseTtl, List<Claim> claims) {
        long version = schedule.version(shard);
        ScriptReply reply = scripts.run(LuaScript.CLAIM,
                List.of(keys.due(shard), keys.leased(shard), keys.lease(shard), keys.fence(shard),
                        keys.conversations(shard)),
                max, leaseTtl.toMillis(), keys.base(shard), ThreadLocalRandom.current().nextLong(TOKEN_SALT_RANGE),
                TOKEN_SALT_RANGE);

        schedule.observeServerTime(reply.longAt(0));
        schedule.set(shard, reply.longAt(1), version);
        for (int i = 2; i + 2 < reply.size(); i += 3) {
            ConversationKey conversation = RedisKeys.conversationOf(reply.stringAt(i));
            Lease lease = new Lease(conversation, reply.longAt(i + 1), leaseTtl);
            claims.add(new Claim(lease, StoredMessage.readEntry(reply.stringAt(i + 2), settings.maxEntryBytes())));
        }
    }

    @Override
    public void awaitDue(Duration maxWait) throws InterruptedException {
        schedule.awaitDue(maxWait);
    }

    @Override
    public void renew(Lease lease) {
        int shard = keys.shardOf(lease.conversation());
        long renewed = scripts.runForLong(LuaScript.RENEW,
                List.of(keys.lease(shard), keys.leased(shard)),
                RedisKeys.member(lease.conversation()), lease.token(), lease.ttl().toMillis());
        if (renewed == 0) {
            throw new LeaseLostException(lease.conversation(), lease.token());
        }
    }

    @Override
    public Optional<QueuedEntry> acknowledge(Lease lease, Message answered, String replyText) {
        return acknowledge(lease, answered, replyText, newOperationId());
    }

    /** Acknowledges under a given operation id, so that a test can send the same call twice. */
    Optional<QueuedEntry> acknowledge(Lease lease, Message answered, String replyText, String operationId) {
        ConversationKey conversation = lease.conversation();
        int shard = keys.shardOf(conversation);
        String userTurn = StoredTurn.write(new Turn(Speaker.USER, answered.text(), answered.acceptedAt()));
        String assistantTurn = StoredTurn.write(new Turn(Speaker.ASSISTANT, replyText, Instant.now()));

        ExpectedHead head = ExpectedHead.of(answered);
        ScriptReply reply = scripts.run(LuaScript.ACKNOWLEDGE,
                List.of(keys.queue(conversation), keys.lease(shard), keys.leased(shard), keys.conversations(shard),
                        keys.history(conversation), keys.operation(shard, operationId)),
                RedisKeys.member(conversation), lease.token(), lease.ttl().toMillis(), userTurn, assistantTurn,
                settings.historyLimit(), HISTORY_RETENTION.toMillis(), head.kind(), head.value());

        requireHeld(lease, reply, head);
        return nextHead(reply);
    }

    @Override
    public void retryLater(Lease lease, Message failed, Duration backoff) {
        ConversationKey conversation = lease.conversation();
        int shard = keys.shardOf(conversation);

        ExpectedHead head = ExpectedHead.of(failed);
        ScriptReply reply = scripts.run(LuaScript.RETRY_LATER,
                List.of(keys.queue(conversation), keys.lease(shard), keys.leased(shard), keys.due(shard)),
                RedisKeys.member(conversation), lease.token(), StoredMessage.write(failed),
                Math.max(0, backoff.toMillis()), keys.wakeChannel(), shard, head.kind(), head.value());

        requireHeld(lease, reply, head);
        schedule.lower(shard, reply.longAt(1));
    }

    @Override
    public Optional<QueuedEntry> deadLetter(Lease lease, DeadLetter letter) {
        ConversationKey conversation = lease.conversation();
        int shard = keys.shardOf(conversation);
        String operationId = newOperationId();
        String id = RedisKeys.deadLetterId(shard, operationId);

        ExpectedHead head = ExpectedHead.of(letter);
        ScriptReply reply = scripts.run(LuaScript.DEAD_LETTER,
                List.of(keys.queue(conversation), keys.lease(shard), keys.leased(shard), keys.conversations(shard),
                        keys.deadLetters(shard), keys.deadLetterOrder(shard), keys.operation(shard, operationId)),
                RedisKeys.member(conversation), lease.token(), lease.ttl().toMillis(),
                id, StoredJson.write(StoredDeadLetter.from(letter.withId(id))), settings.deadLettersPerShard(),
                head.kind(), head.value());

        requireHeld(lease, reply, head);
        for (int i = 2; i < reply.size(); i++) {
            evictedDeadLetters.incrementAndGet();
            log.warn("dead letter {} evicted: shard {} keeps at most {} of the {} dead letters allowed in all",
                    reply.stringAt(i), shard, settings.deadLettersPerShard(), settings.deadLetterLimit());
        }
        return nextHead(reply);
    }

    @Override
    public void release(Lease lease) {
        ConversationKey conversation = lease.conversation();
        int shard = keys.shardOf(conversation);

        ScriptReply reply = scripts.run(LuaScript.RELEASE,
                List.of(keys.queue(conversation), keys.lease(shard), keys.leased(shard), keys.due(shard),
                        keys.conversations(shard)),
                RedisKeys.member(conversation), lease.token(), keys.wakeChannel(), shard);

        requireHeld(lease, reply);
        schedule.lower(shard, reply.longAt(1));
    }

    @Override
    public List<Message> pending(ConversationKey conversation) {
        List<String> entries = StoreCalls.call("pending", () ->
                client.<String>getList(keys.queue(conversation), StringCodec.INSTANCE).readAll());
        List<Message> messages = new ArrayList<>(entries.size());
        for (String entry : entries) {
            if (StoredMessage.readEntry(entry, settings.maxEntryBytes()) instanceof QueuedEntry.Readable readable) {
                messages.add(readable.message());
            }
        }
        return messages;
    }

    /** Repairs shard by shard, one page of each shard's conversation index per script call. */
    @Override
    public int repair() {
        int repaired = 0;
        for (int shard = 0; shard < keys.shards(); shard++) {
            String cursor = "0";
            do {
                ScriptReply reply = scripts.run(LuaScript.REPAIR,
                        List.of(keys.conversations(shard), keys.due(shard), keys.leased(shard)),
                        cursor, keys.base(shard), REPAIR_PAGE, keys.wakeChannel(), shard);
                cursor = reply.stringAt(0);
                long fixed = reply.longAt(1);
                if (fixed > 0) {
                    repaired += (int) fixed;
                    schedule.lower(shard, reply.longAt(2));
                }
            } while (!"0".equals(cursor));
        }
        return repaired;
    }

    @Override
    public QueueCounts counts() {
        RBatch batch = client.createBatch(BatchOptions.defaults()
                .responseTimeout(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS));
        List<RFuture<Integer>> due = new ArrayList<>(keys.shards());
        List<RFuture<Integer>> leased = new ArrayList<>(keys.shards());
        for (int shard = 0; shard < keys.shards(); shard++) {
            due.add(batch.getScoredSortedSet(keys.due(shard), StringCodec.INSTANCE).sizeAsync());
            leased.add(batch.getScoredSortedSet(keys.leased(shard), StringCodec.INSTANCE).sizeAsync());
        }
        StoreCalls.call("counts", batch::execute);
        return new QueueCounts(sum(due), sum(leased));
    }

    /** Returns how many dead letters this instance evicted to respect the cap since it started. */
    public long evictedDeadLetters() {
        return evictedDeadLetters.get();
    }

    @Override
    public void close() {
        schedule.close();
    }

    private Optional<QueuedEntry> nextHead(ScriptReply reply) {
        if ("next".equals(reply.status())) {
            return Optional.of(StoredMessage.readEntry(reply.stringAt(1), settings.maxEntryBytes()));
        }
        return Optional.empty();
    }

    private static void requireHeld(Lease lease, ScriptReply reply) {
        if ("lost".equals(reply.status())) {
            throw new LeaseLostException(lease.conversation(), lease.token());
        }
    }

    /** Like {@link #requireHeld(Lease, ScriptReply)}, and also rejects a call made for another head entry. */
    private static void requireHeld(Lease lease, ScriptReply reply, ExpectedHead head) {
        requireHeld(lease, reply);
        if ("not_head".equals(reply.status())) {
            log.warn("conversation={} token={} the head of the queue is no longer {}, so nothing was changed. The "
                    + "worker stops as on a lost lease, and the conversation is claimed again when the lease expires",
                    lease.conversation(), lease.token(), head);
            throw new LeaseLostException(lease.conversation(), lease.token());
        }
    }

    private static String newOperationId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static long sum(List<RFuture<Integer>> sizes) {
        long total = 0;
        for (RFuture<Integer> size : sizes) {
            total += size.toCompletableFuture().join();
        }
        return total;
    }
}
