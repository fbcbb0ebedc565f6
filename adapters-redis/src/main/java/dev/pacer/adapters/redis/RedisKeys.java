package dev.pacer.adapters.redis;

import dev.pacer.domain.ConversationKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The Redis key layout. A conversation belongs to shard {@code CRC32("botId:userId") mod shards},
 * and every key of a shard carries the hash tag {@code {s<shard>}}, so one script can touch all of
 * them on one Redis Cluster slot. CRC32 is used because its value is fixed by its standard and
 * equal in every JVM and version, unlike {@link String#hashCode()} which only Java defines.
 */
final class RedisKeys {

    private final String prefix;
    private final int shards;

    RedisKeys(String prefix, int shards) {
        this.prefix = prefix;
        this.shards = shards;
    }

    int shards() {
        return shards;
    }

    int shardOf(ConversationKey conversation) {
        CRC32 crc = new CRC32();
        crc.update(member(conversation).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    /** Returns the conversation's name inside a shard's sets; ids contain no ':' so it is unambiguous. */
    static String member(ConversationKey conversation) {
        return conversation.botId() + ":" + conversation.userId();
    }

    static ConversationKey conversationOf(String member) {
        int colon = member.indexOf(':');
        return new ConversationKey(member.substring(0, colon), member.substring(colon + 1));
    }

    /** Returns the start shared by every key of a shard, such as {@code pacer:{s17}:}. */
    String base(int shard) {
        return prefix + ":{s" + shard + "}:";
    }

    String due(int shard) {
        return base(shard) + "due";
    }

    String leased(int shard) {
        return base(shard) + "leased";
    }

    String lease(int shard) {
        return base(shard) + "lease";
    }

    String fence(int shard) {
        return base(shard) + "fence";
    }

    String conversations(int shard) {
        return base(shard) + "convs";
    }

    String deadLetters(int shard) {
        return base(shard) + "dead";
    }

    String deadLetterOrder(int shard) {
        return base(shard) + "dead:order";
    }

    String operation(int shard, String operationId) {
        return base(shard) + "op:" + operationId;
    }

    String queue(ConversationKey conversation) {
        return base(shardOf(conversation)) + "q:" + member(conversation);
    }

    String history(ConversationKey conversation) {
        return base(shardOf(conversation)) + "h:" + member(conversation);
    }

    String acceptedId(ConversationKey conversation, String messageId) {
        return base(shardOf(conversation)) + "ids:" + member(conversation) + ":" + messageId;
    }

    String wakeChannel() {
        return prefix + ":wake";
    }

    String healthKey() {
        return prefix + ":health";
    }

    /** Creates a dead-letter id that names its shard, so lookups by id need no search. */
    static String deadLetterId(int shard, String unique) {
        return "dl-" + shard + "-" + unique;
    }

    /** Returns the shard named in a dead-letter id, or empty when the id is not one of ours. */
    Optional<Integer> shardOfDeadLetter(String id) {
        if (id == null || !id.startsWith("dl-")) {
            return Optional.empty();
        }
        int dash = id.indexOf('-', 3);
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            int shard = Integer.parseInt(id.substring(3, dash));
            return shard >= 0 && shard < shards ? Optional.of(shard) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
