package dev.pacer.adapters.redis;

import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The benchmarks' access to package-private parts of the Redis adapter: its stored JSON, its Lua
 * scripts and its key layout. It lives in the adapter's package inside the benchmarks module, so
 * the adapter exports nothing for benchmarks and seeding runs the adapter's own enqueue script
 * instead of a copy of its key layout.
 */
public final class RedisBenchSupport {

    private RedisBenchSupport() {}

    /** Returns a message as the adapter stores it in a queue. */
    public static String storedJson(Message message) {
        return StoredMessage.write(message);
    }

    /** Reads a stored queue entry as the adapter does when it claims or acknowledges. */
    public static QueuedEntry readStored(String json, int maxBytes) {
        return StoredMessage.readEntry(json, maxBytes);
    }

    /**
     * Enqueues {@code messages} with the adapter's enqueue script, {@code chunk} calls per pipelined
     * batch. The stored state equals that of {@link RedisConversationQueue#enqueue}, only faster to
     * build, so scenarios that need a million conversations can start within seconds.
     */
    public static void enqueuePipelined(RedissonClient client, RedisSettings settings, List<Message> messages,
            int maxQueued, int chunk) {
        RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        String sha = client.getScript(StringCodec.INSTANCE).scriptLoad(LuaScript.ENQUEUE.source());

        for (int from = 0; from < messages.size(); from += chunk) {
            RBatch batch = client.createBatch(BatchOptions.defaults().responseTimeout(60, TimeUnit.SECONDS));
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            for (Message message : messages.subList(from, Math.min(messages.size(), from + chunk))) {
                ConversationKey conversation = message.conversation();
                int shard = keys.shardOf(conversation);
                List<Object> scriptKeys = List.of(keys.queue(conversation), keys.acceptedId(conversation, message.id()),
                        keys.due(shard), keys.leased(shard), keys.conversations(shard));
                script.evalShaAsync(keys.queue(conversation), RScript.Mode.READ_WRITE, sha, RScript.ReturnType.LIST,
                        scriptKeys, RedisKeys.member(conversation), StoredMessage.write(message), maxQueued,
                        settings.idempotencyTtl().toMillis(), keys.wakeChannel(), shard);
            }
            batch.execute();
        }
    }

    /**
     * Deletes every shard's due set, leaving the queues and the conversation index in place, as a
     * crash of an older version or a partial restore leaves them. Startup repair has to find them.
     */
    public static void dropSchedule(RedissonClient client, RedisSettings settings) {
        RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        RBatch batch = client.createBatch(BatchOptions.defaults());
        for (int shard = 0; shard < keys.shards(); shard++) {
            batch.getBucket(keys.due(shard), StringCodec.INSTANCE).deleteAsync();
        }
        batch.execute();
    }

    /**
     * Returns the name of each script the adapter sends by the SHA-1 digest that EVALSHA carries:
     * the Lua scripts by their file name, and the read of server time in the schedule refresh
     * batch as {@code refresh batch}.
     */
    public static Map<String, String> scriptNamesBySha(String refreshTimeScript) {
        Map<String, String> names = new LinkedHashMap<>();
        for (LuaScript script : LuaScript.values()) {
            names.put(sha1(script.source()), script.fileName().replace(".lua", ""));
        }
        names.put(sha1(refreshTimeScript), "refresh batch");
        return names;
    }

    private static String sha1(String source) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
    }
}
