package dev.pacer.adapters.redis;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.port.Claim;
import dev.pacer.application.port.LeaseLostException;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * Acknowledge, dead-letter and retry-later change the head only when it is the entry the caller
 * handled, so a worker whose view is older than the queue, as after Redis lost an acknowledgement,
 * cannot remove or overwrite another message.
 */
class HeadCheckTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final ConversationKey CONVERSATION = conversation("u1");

    private static RedisServerProcess server;
    private static RedissonClient client;
    private RedisSettings settings;
    private RedisKeys keys;
    private RedisStore store;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
        client = RedisClients.create(RedisStorePorts.settings(server, 4));
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void openStore() {
        server.flush();
        settings = RedisStorePorts.settings(server, 4);
        keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        store = new RedisStore(client, settings);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void acknowledgeOfAnotherHeadChangesNothing() {
        Message first = aMessage(CONVERSATION, "first", "a");
        Message second = aMessage(CONVERSATION, "second", "b");
        Claim claim = claimAfterEnqueueing(first, second);
        dropHead();

        assertThatThrownBy(() -> store.queue().acknowledge(claim.lease(), first, "reply"))
                .isInstanceOf(LeaseLostException.class);

        assertThat(store.queue().pending(CONVERSATION)).containsExactly(second);
        assertThat(store.history().recent(CONVERSATION, 10)).isEmpty();
    }

    @Test
    void deadLetterOfAnotherHeadChangesNothing() {
        Message first = aMessage(CONVERSATION, "first", "a");
        Message second = aMessage(CONVERSATION, "second", "b");
        Claim claim = claimAfterEnqueueing(first, second);
        dropHead();
        DeadLetter letter = DeadLetter.of(first.afterFailedAttempt(), DeadLetterReason.PERMANENT_FAILURE, "rejected",
                Instant.now());

        assertThatThrownBy(() -> store.queue().deadLetter(claim.lease(), letter))
                .isInstanceOf(LeaseLostException.class);

        assertThat(store.queue().pending(CONVERSATION)).containsExactly(second);
        assertThat(store.deadLetters().count()).isZero();
    }

    @Test
    void retryLaterOfAnotherHeadChangesNothing() {
        Message first = aMessage(CONVERSATION, "first", "a");
        Message second = aMessage(CONVERSATION, "second", "b");
        Claim claim = claimAfterEnqueueing(first, second);
        dropHead();

        assertThatThrownBy(() -> store.queue().retryLater(claim.lease(), first.afterFailedAttempt(), Duration.ZERO))
                .isInstanceOf(LeaseLostException.class);

        assertThat(store.queue().pending(CONVERSATION)).containsExactly(second);
        assertThat(store.queue().counts().leasedConversations()).as("the lease is left as it was").isEqualTo(1);
    }

    @Test
    void deadLetterOfAnotherUnreadableHeadChangesNothing() {
        server.command("RPUSH", keys.queue(CONVERSATION), "{not json", "{also not json");
        server.command("SADD", keys.conversations(keys.shardOf(CONVERSATION)), RedisKeys.member(CONVERSATION));
        store.queue().repair();
        Claim claim = store.queue().claim(1, TTL).getFirst();
        QueuedEntry.Unreadable head = (QueuedEntry.Unreadable) claim.head();
        dropHead();

        assertThatThrownBy(() -> store.queue().deadLetter(claim.lease(),
                        DeadLetter.unreadable(CONVERSATION, head.rawPayload(), head.problem(), Instant.now())))
                .isInstanceOf(LeaseLostException.class);

        assertThat(server.command("LRANGE", keys.queue(CONVERSATION), "0", "-1")).isEqualTo(List.of("{also not json"));
        assertThat(store.deadLetters().count()).isZero();
    }

    @Test
    void unreadableHeadWithInvalidUtf8IsDeadLettered() {
        // Lua writes the byte 0xFF, which is not UTF-8, so the payload that Java reads differs from the stored bytes.
        server.command("EVAL", "return redis.call('RPUSH', KEYS[1], '\\255{broken')", "1", keys.queue(CONVERSATION));
        server.command("SADD", keys.conversations(keys.shardOf(CONVERSATION)), RedisKeys.member(CONVERSATION));
        store.queue().repair();
        Claim claim = store.queue().claim(1, TTL).getFirst();
        QueuedEntry.Unreadable head = (QueuedEntry.Unreadable) claim.head();

        store.queue().deadLetter(claim.lease(),
                DeadLetter.unreadable(CONVERSATION, head.rawPayload(), head.problem(), Instant.now()));

        assertThat(server.command("LLEN", keys.queue(CONVERSATION))).isEqualTo(0L);
        assertThat(store.deadLetters().count()).isEqualTo(1);
    }

    @Test
    void repeatedAcknowledgeRemovesOneMessage() {
        Message first = aMessage(CONVERSATION, "first", "a");
        Message second = aMessage(CONVERSATION, "second", "b");
        Claim claim = claimAfterEnqueueing(first, second);

        // The same operation id twice, as when Redisson sends a call again after its reply was lost.
        store.queue().acknowledge(claim.lease(), first, "reply", "op-1");
        var repeated = store.queue().acknowledge(claim.lease(), first, "reply", "op-1");

        assertThat(repeated).contains(new QueuedEntry.Readable(second));
        assertThat(store.queue().pending(CONVERSATION)).containsExactly(second);
        assertThat(store.history().recent(CONVERSATION, 10)).hasSize(2);
    }

    private Claim claimAfterEnqueueing(Message... messages) {
        for (Message message : messages) {
            store.queue().enqueue(message, 10);
        }
        return store.queue().claim(1, TTL).getFirst();
    }

    /** Removes the head behind the lease holder's back, leaving its lease in place. */
    private void dropHead() {
        server.command("LPOP", keys.queue(CONVERSATION));
    }
}
