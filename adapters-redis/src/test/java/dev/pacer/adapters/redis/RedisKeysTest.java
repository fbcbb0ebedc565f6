package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.domain.ConversationKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

    private final RedisKeys keys = new RedisKeys("pacer", 256);

    @Test
    void shardIsCrc32OfMemberModShards() {
        // CRC32("default:42") = 0xaf46153e = 2940605758, and 2940605758 mod 256 = 62.
        ConversationKey conversation = new ConversationKey("default", "42");

        assertThat(keys.shardOf(conversation)).isEqualTo(62);
        assertThat(keys.queue(conversation)).isEqualTo("pacer:{s62}:q:default:42");
        assertThat(keys.due(62)).isEqualTo("pacer:{s62}:due");
    }

    @Test
    void memberRoundTrips() {
        ConversationKey conversation = new ConversationKey("bot-1", "-100123");

        assertThat(RedisKeys.conversationOf(RedisKeys.member(conversation))).isEqualTo(conversation);
    }

    @Test
    void deadLetterIdNamesItsShard() {
        assertThat(keys.shardOfDeadLetter(RedisKeys.deadLetterId(17, "abc"))).contains(17);
        assertThat(keys.shardOfDeadLetter("dl-999-abc")).isEqualTo(Optional.empty());
        assertThat(keys.shardOfDeadLetter("no-such-letter")).isEmpty();
        assertThat(keys.shardOfDeadLetter("dl-x-abc")).isEmpty();
    }
}
