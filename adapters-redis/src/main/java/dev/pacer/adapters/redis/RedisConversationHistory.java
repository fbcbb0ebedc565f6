package dev.pacer.adapters.redis;

import dev.pacer.application.port.ConversationHistory;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Turn;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent turns of each conversation, one Redis list per conversation. The acknowledge script
 * appends and trims it; this class only reads. Thread safe.
 */
public final class RedisConversationHistory implements ConversationHistory {

    private static final Logger log = LoggerFactory.getLogger(RedisConversationHistory.class);

    private final RedissonClient client;
    private final RedisKeys keys;

    RedisConversationHistory(RedissonClient client, RedisKeys keys) {
        this.client = client;
        this.keys = keys;
    }

    /** Returns up to {@code limit} of the latest turns, oldest first; unreadable turns are skipped. */
    @Override
    public List<Turn> recent(ConversationKey conversation, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<String> stored = StoreCalls.call("history", () ->
                client.<String>getList(keys.history(conversation), StringCodec.INSTANCE).range(-limit, -1));

        List<Turn> turns = new ArrayList<>(stored.size());
        for (String json : stored) {
            try {
                turns.add(StoredJson.read(json, StoredTurn.class).toDomain());
            } catch (Exception e) {
                log.warn("conversation={} skipping unreadable history turn: {}", conversation, e.getMessage());
            }
        }
        return turns;
    }
}
