package dev.pacer.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection and layout settings of the Redis store.
 *
 * <p>The shard count and the key prefix fix where every conversation's keys live, so every
 * instance sharing one Redis must use the same values, and changing either strands the data
 * written before.
 *
 * @param url {@code redis://[[user]:password@]host:port[/database]}, or {@code rediss://} for TLS
 * @param shards number of shards the conversations are spread over
 * @param keyPrefix first part of every key; must not contain {@code { } :}
 * @param historyLimit turns kept per conversation, 0 for no history
 * @param deadLetterLimit dead letters kept in all; each shard keeps at most its share, {@code
 *     ceil(deadLetterLimit / shards)}, and evicts its oldest beyond it
 * @param idempotencyTtl how long an accepted message id is remembered for duplicate detection
 * @param maxEntryBytes largest queue entry, in UTF-8 bytes, that is read as a message. A longer
 *     one reaches the dispatcher as unreadable, which dead-letters it
 * @param connectTimeout how long opening a connection may take
 * @param commandTimeout how long one command may wait for its reply before it is retried or fails
 * @param retryAttempts how often a command that could not be sent or timed out is sent again
 * @param scheduleRefresh how often an instance reads every shard's next due time again, which
 *     bounds the delay after a missed wake-up message
 */
public record RedisSettings(
        String url,
        int shards,
        String keyPrefix,
        int historyLimit,
        int deadLetterLimit,
        Duration idempotencyTtl,
        int maxEntryBytes,
        Duration connectTimeout,
        Duration commandTimeout,
        int retryAttempts,
        Duration scheduleRefresh) {

    public static final int DEFAULT_SHARDS = 256;
    public static final String DEFAULT_KEY_PREFIX = "pacer";

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        URI parsed = URI.create(url);
        if (!"redis".equals(parsed.getScheme()) && !"rediss".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://: " + redactedUrl(url));
        }
        if (parsed.getHost() == null || parsed.getPort() < 0) {
            throw new IllegalArgumentException("Redis URL must name a host and a port: " + redactedUrl(url));
        }
        requireAtLeast("shards", shards, 1);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.isEmpty() || keyPrefix.matches(".*[{}:\\s].*")) {
            throw new IllegalArgumentException(
                    "keyPrefix must be non-empty without '{', '}', ':' or whitespace: \"" + keyPrefix + "\"");
        }
        requireAtLeast("historyLimit", historyLimit, 0);
        requireAtLeast("deadLetterLimit", deadLetterLimit, 1);
        requirePositive("idempotencyTtl", idempotencyTtl);
        requireAtLeast("maxEntryBytes", maxEntryBytes, 256);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("commandTimeout", commandTimeout);
        requireAtLeast("retryAttempts", retryAttempts, 0);
        requirePositive("scheduleRefresh", scheduleRefresh);
    }

    /** Creates the defaults for a server at {@code url}: 256 shards, 20 turns, 10,000 dead letters. */
    public static RedisSettings defaults(String url) {
        return new RedisSettings(
                url,
                DEFAULT_SHARDS,
                DEFAULT_KEY_PREFIX,
                20,
                10_000,
                Duration.ofHours(24),
                64 * 1024,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                2,
                Duration.ofSeconds(1));
    }

    public RedisSettings withShards(int value) {
        return new RedisSettings(url, value, keyPrefix, historyLimit, deadLetterLimit, idempotencyTtl,
                maxEntryBytes, connectTimeout, commandTimeout, retryAttempts, scheduleRefresh);
    }

    public RedisSettings withKeyPrefix(String value) {
        return new RedisSettings(url, shards, value, historyLimit, deadLetterLimit, idempotencyTtl,
                maxEntryBytes, connectTimeout, commandTimeout, retryAttempts, scheduleRefresh);
    }

    public RedisSettings withHistoryLimit(int value) {
        return new RedisSettings(url, shards, keyPrefix, value, deadLetterLimit, idempotencyTtl,
                maxEntryBytes, connectTimeout, commandTimeout, retryAttempts, scheduleRefresh);
    }

    public RedisSettings withDeadLetterLimit(int value) {
        return new RedisSettings(url, shards, keyPrefix, historyLimit, value, idempotencyTtl,
                maxEntryBytes, connectTimeout, commandTimeout, retryAttempts, scheduleRefresh);
    }

    public RedisSettings withIdempotencyTtl(Duration value) {
        return new RedisSettings(url, shards, keyPrefix, historyLimit, deadLetterLimit, value,
                maxEntryBytes, connectTimeout, commandTimeout, retryAttempts, scheduleRefresh);
    }

    public RedisSettings withMaxEntryBytes(int value) {
        return new RedisSettings(url, shards, keyPrefix, historyLimit, deadLetterLimit, idempotencyTtl,
                value, connectTimeout, commandTimeout, retryAttempts, scheduleRefresh);
    }

    public RedisSettings withTimeouts(Duration connect, Duration command, int retries) {
        return new RedisSettings(url, shards, keyPrefix, historyLimit, deadLetterLimit, idempotencyTtl,
                maxEntryBytes, connect, command, retries, scheduleRefresh);
    }

    public RedisSettings withScheduleRefresh(Duration value) {
        return new RedisSettings(url, shards, keyPrefix, historyLimit, deadLetterLimit, idempotencyTtl,
                maxEntryBytes, connectTimeout, commandTimeout, retryAttempts, value);
    }

    /** Returns how many dead letters one shard keeps before it evicts its oldest. */
    public int deadLettersPerShard() {
        return (deadLetterLimit + shards - 1) / shards;
    }

    /** Returns the URL with any password replaced by {@code ***}, for logs and messages. */
    public String redactedUrl() {
        return redactedUrl(url);
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + redactedUrl() + ", shards=" + shards + ", keyPrefix=" + keyPrefix
                + ", historyLimit=" + historyLimit + ", deadLetterLimit=" + deadLetterLimit
                + ", idempotencyTtl=" + idempotencyTtl + ", maxEntryBytes=" + maxEntryBytes
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", retryAttempts=" + retryAttempts + ", scheduleRefresh=" + scheduleRefresh + "]";
    }

    private static String redactedUrl(String url) {
        int at = url.lastIndexOf('@');
        int schemeEnd = url.indexOf("://");
        if (at < 0 || schemeEnd < 0 || at < schemeEnd) {
            return url;
        }
        return url.substring(0, schemeEnd + 3) + "***" + url.substring(at);
    }

    private static void requireAtLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
