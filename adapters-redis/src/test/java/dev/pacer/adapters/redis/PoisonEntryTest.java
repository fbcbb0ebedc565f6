package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queue entries that cannot be read go to the dead letters and do not block their conversation. */
class PoisonEntryTest {

    private static final ConversationKey CONVERSATION = new ConversationKey("bot", "carol");

    private static RedisServerProcess server;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void unreadableEntriesAreDeadLettered() throws Exception {
        RedisSettings settings = RedisSettings.defaults(server.url()).withShards(4);
        RedisKeys keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        String invalidJson = "{\"id\": \"broken\", not json";
        Message huge = new Message("huge", CONVERSATION, "chat-carol", "x".repeat(1024 * 1024), MessageType.REGULAR,
                Instant.now(), 0);
        String oversized = StoredMessage.write(huge);
        server.command("RPUSH", keys.queue(CONVERSATION), invalidJson, oversized);
        server.command("SADD", keys.conversations(keys.shardOf(CONVERSATION)), RedisKeys.member(CONVERSATION));

        ReplyRecorder recorder = new ReplyRecorder();
        try (TestDispatcher dispatcher = new TestDispatcher(settings, recorder.generator("worker"), recorder.gateway("worker"),
                TestDispatcher.dispatchSettings(Duration.ofSeconds(5))).start()) {
            Message good = new Message("good", CONVERSATION, "chat-carol", "hello", MessageType.REGULAR, Instant.now(), 0);
            dispatcher.store().queue().enqueue(good, 10);

            Eventually.await("the readable message is answered", Duration.ofSeconds(10),
                    () -> recorder.sentTo(CONVERSATION).size() == 1, () -> "nothing sent yet");

            assertThat(recorder.sentTo(CONVERSATION)).containsExactly("good");
            assertThat(dispatcher.store().queue().pending(CONVERSATION)).isEmpty();
            List<DeadLetter> letters = dispatcher.store().deadLetters().list(10);
            assertThat(letters).extracting(DeadLetter::reason)
                    .containsExactly(DeadLetterReason.UNREADABLE_ENTRY, DeadLetterReason.UNREADABLE_ENTRY);
            assertThat(letters).extracting(DeadLetter::rawPayload).containsExactly(invalidJson, oversized);
            assertThat(letters).extracting(DeadLetter::message).containsOnlyNulls();
            assertThat(letters.get(1).error()).contains("over the limit of " + settings.maxEntryBytes());
            assertThat(dispatcher.store().deadLetters().replay(letters.get(0).id()))
                    .isInstanceOf(dev.pacer.application.port.ReplayOutcome.Unreadable.class);
        }
    }
}
