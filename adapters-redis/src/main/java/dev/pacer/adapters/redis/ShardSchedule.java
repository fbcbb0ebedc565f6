package dev.pacer.adapters.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's view of when each shard next has work: the earliest due time or lease expiry
 * per shard, in Redis server time. Claims go only to shards that are due by this view, so idle
 * workers do not poll empty shards.
 *
 * <p>The view is kept current three ways: every claim script returns its shard's next time, a
 * wake-up message on the Pub/Sub channel lowers a shard's time when another instance schedules
 * work there, and all shards are read again in one pipelined batch every refresh interval, which
 * bounds the delay after a lost wake-up message.
 *
 * <p>Thread safe: one lock guards the view and the wait condition.
 */
final class ShardSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardSchedule.class);
    private static final long NOTHING = Long.MAX_VALUE;
    /**
     * How much earlier than its recorded time a shard counts as due. The estimate of server time
     * lags by the one-way latency of the reply it came from, and without this margin a
     * conversation scheduled a moment ago would look due only a few milliseconds later.
     */
    private static final long DUE_MARGIN_MILLIS = 5;
    private static final String TIME_SCRIPT = "return redis.call('TIME')";

    private final RedissonClient client;
    private final RedisKeys keys;
    private final long refreshNanos;
    private final long commandTimeoutMillis;
    private final RTopic wakeTopic;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantLock refreshLock = new ReentrantLock();
    private final AtomicInteger rotation = new AtomicInteger();
    private final AtomicBoolean subscribing = new AtomicBoolean();

    /** Earliest due time or lease expiry per shard, server milliseconds; guarded by lock. */
    private final long[] nextWake;
    /** Counts the lowerings per shard, so a stale full read does not undo a newer lowering. */
    private final long[] lowerings;
    private long changes;
    private volatile long serverOffsetMillis;
    private volatile long lastRefreshNanos;
    private volatile boolean refreshed;
    private volatile Integer listenerId;
    private volatile String timeScriptSha;

    ShardSchedule(RedissonClient client, RedisKeys keys, Duration refreshInterval, Duration commandTimeout) {
        this.client = client;
        this.keys = keys;
        this.refreshNanos = refreshInterval.toNanos();
        this.commandTimeoutMillis = commandTimeout.toMillis();
        this.nextWake = new long[keys.shards()];
        this.lowerings = new long[keys.shards()];
        Arrays.fill(nextWake, NOTHING);
        this.wakeTopic = client.getTopic(keys.wakeChannel(), StringCodec.INSTANCE);
        subscribe();
    }

    /** Returns the lowering count of a shard, to pass to {@link #set} after a script call. */
    long version(int shard) {
        lock.lock();
        try {
            return lowerings[shard];
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records the next wake time a script read from Redis (-1 for none). When the shard was
     * lowered since {@code versionBefore} was read, the earlier of both is kept.
     */
    void set(int shard, long serverMillis, long versionBefore) {
        long value = serverMillis < 0 ? NOTHING : serverMillis;
        lock.lock();
        try {
            long previous = nextWake[shard];
            nextWake[shard] = lowerings[shard] == versionBefore ? value : Math.min(value, previous);
            if (nextWake[shard] < previous) {
                changes++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves a shard's next wake time earlier, waking the threads in {@link #awaitDue}. */
    void lower(int shard, long serverMillis) {
        if (serverMillis < 0) {
            return;
        }
        lock.lock();
        try {
            lowerings[shard]++;
            if (serverMillis < nextWake[shard]) {
                nextWake[shard] = serverMillis;
                changes++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Updates the estimate of Redis server time from a time a script has just returned. */
    void observeServerTime(long serverMillis) {
        serverOffsetMillis = serverMillis - System.currentTimeMillis();
    }

    /**
     * Returns the shards due now by this view, earliest first. Shards due at the same time come
     * in an order that rotates from call to call, so no shard is always served last.
     */
    List<Integer> dueShards() {
        long serverNow = System.currentTimeMillis() + serverOffsetMillis + DUE_MARGIN_MILLIS;
        int shards = nextWake.length;
        int start = Math.floorMod(rotation.getAndIncrement(), shards);
        List<long[]> due = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < shards; i++) {
                int shard = (start + i) % shards;
                if (nextWake[shard] <= serverNow) {
                    due.add(new long[] {shard, nextWake[shard]});
                }
            }
        } finally {
            lock.unlock();
        }
        due.sort(Comparator.comparingLong(entry -> entry[1]));
        return due.stream().map(entry -> (int) entry[0]).toList();
    }

    /** Reads every shard's next wake time again when the last full read is older than the interval. */
    void refreshIfStale() {
        if (refreshed && System.nanoTime() - lastRefreshNanos < refreshNanos) {
            return;
        }
        if (!refreshLock.tryLock()) {
            return;
        }
        try {
            refresh();
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * Blocks until a shard may be due by this view, a wake-up message arrives, the next full read
     * is due, or {@code maxWait} has passed.
     */
    void awaitDue(Duration maxWait) throws InterruptedException {
        lock.lock();
        try {
            long seen = changes;
            long nowNanos = System.nanoTime();
            long waitNanos = Math.min(maxWait.toNanos(), untilNextWakeNanos());
            if (refreshed) {
                waitNanos = Math.min(waitNanos, lastRefreshNanos + refreshNanos - nowNanos);
            }
            while (changes == seen && waitNanos > 0) {
                waitNanos = changed.awaitNanos(waitNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Integer id = listenerId;
        if (id != null) {
            try {
                wakeTopic.removeListenerAsync(id);
            } catch (RuntimeException e) {
                log.debug("removing the wake-up listener failed; the client shutdown drops it", e);
            }
        }
    }

    private long untilNextWakeNanos() {
        long earliest = NOTHING;
        for (long wake : nextWake) {
            earliest = Math.min(earliest, wake);
        }
        if (earliest == NOTHING) {
            return Long.MAX_VALUE;
        }
        long serverNow = System.currentTimeMillis() + serverOffsetMillis + DUE_MARGIN_MILLIS;
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, earliest - serverNow));
    }

    private void refresh() {
        refresh(true);
    }

    private void refresh(boolean firstAttempt) {
        if (listenerId == null) {
            subscribe();
        }
        int shards = nextWake.length;
        long[] versions = new long[shards];
        for (int shard = 0; shard < shards; shard++) {
            versions[shard] = version(shard);
        }

        RBatch batch = client.createBatch(BatchOptions.defaults()
                .responseTimeout(commandTimeoutMillis, TimeUnit.MILLISECONDS)
                .retryAttempts(0));
        List<RFuture<Collection<ScoredEntry<String>>>> due = new ArrayList<>(shards);
        List<RFuture<Collection<ScoredEntry<String>>>> leased = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            due.add(batch.<String>getScoredSortedSet(keys.due(shard), StringCodec.INSTANCE).entryRangeAsync(0, 0));
            leased.add(batch.<String>getScoredSortedSet(keys.leased(shard), StringCodec.INSTANCE).entryRangeAsync(0, 0));
        }
        // EVALSHA of a script loaded here: Redisson does not reload a script that a batch finds
        // missing (NOSCRIPT after SCRIPT FLUSH), so the refresh loads it itself and retries once.
        RFuture<List<Object>> time = batch.getScript(StringCodec.INSTANCE)
                .evalShaAsync(keys.due(0), RScript.Mode.READ_ONLY, timeScriptSha(), RScript.ReturnType.LIST, List.of());
        long started = System.nanoTime();
        try {
            StoreCalls.call("shard schedule refresh", batch::execute);
        } catch (RedisNoScriptException e) {
            if (!firstAttempt) {
                throw e;
            }
            timeScriptSha = null;
            log.info("server time script was missing from Redis (script cache flushed); loading it again");
            refresh(false);
            return;
        }

        List<Object> serverTime = time.toCompletableFuture().join();
        observeServerTime(Long.parseLong(serverTime.get(0).toString()) * 1000
                + Long.parseLong(serverTime.get(1).toString()) / 1000);
        for (int shard = 0; shard < shards; shard++) {
            long earliest = Math.min(firstScore(due.get(shard)), firstScore(leased.get(shard)));
            set(shard, earliest == NOTHING ? -1 : earliest, versions[shard]);
        }
        lastRefreshNanos = started;
        refreshed = true;
    }

    private String timeScriptSha() {
        String sha = timeScriptSha;
        if (sha == null) {
            sha = StoreCalls.call("loading the server time script",
                    () -> client.getScript(StringCodec.INSTANCE).scriptLoad(TIME_SCRIPT));
            timeScriptSha = sha;
        }
        return sha;
    }

    private static long firstScore(RFuture<Collection<ScoredEntry<String>>> range) {
        Collection<ScoredEntry<String>> entries = range.toCompletableFuture().join();
        if (entries == null || entries.isEmpty()) {
            return NOTHING;
        }
        return entries.iterator().next().getScore().longValue();
    }

    /** Subscribes to the wake-up channel; a failure is logged and retried at the next full read. */
    private void subscribe() {
        if (!subscribing.compareAndSet(false, true)) {
            return;
        }
        try {
            wakeTopic.addListenerAsync(String.class, (channel, message) -> onWake(message))
                    .whenComplete((id, failure) -> {
                        subscribing.set(false);
                        if (failure != null) {
                            logSubscribeFailure(failure);
                        } else {
                            listenerId = id;
                        }
                    });
        } catch (RuntimeException e) {
            subscribing.set(false);
            logSubscribeFailure(e);
        }
    }

    private void logSubscribeFailure(Throwable failure) {
        log.warn("subscribing to wake-up channel {} failed; retrying at the next schedule refresh: {}",
                keys.wakeChannel(), failure.toString());
    }

    /** Handles a wake-up message {@code <shard>:<due ms>} published by a script. */
    private void onWake(String message) {
        int colon = message.indexOf(':');
        try {
            int shard = Integer.parseInt(message.substring(0, colon));
            long dueAt = Long.parseLong(message.substring(colon + 1));
            if (shard >= 0 && shard < nextWake.length) {
                lower(shard, dueAt);
            }
        } catch (RuntimeException e) {
            log.warn("ignoring malformed wake-up message \"{}\" on {}", message, keys.wakeChannel());
        }
    }
}
