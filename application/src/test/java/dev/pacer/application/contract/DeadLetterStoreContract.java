package dev.pacer.application.contract;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.application.port.Claim;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.application.port.ReplayOutcome;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link DeadLetterStore} must show. */
public abstract class DeadLetterStoreContract {

    private static final Duration TTL = Duration.ofSeconds(30);

    private StorePorts store;
    private DeadLetterStore deadLetters;

    protected abstract StorePorts createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
        deadLetters = store.deadLetters();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void deadLetterKeepsMessageErrorAndAttempts() {
        Message failed = kill("u1", "poisonous", "model rejected the prompt");

        DeadLetter letter = deadLetters.list(10).getFirst();

        assertThat(letter.message()).isEqualTo(failed);
        assertThat(letter.conversation()).isEqualTo(conversation("u1"));
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.PERMANENT_FAILURE);
        assertThat(letter.error()).isEqualTo("model rejected the prompt");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(deadLetters.find(letter.id())).contains(letter);
    }

    @Test
    void listIsOldestFirstAndLimited() {
        kill("u1", "first", "e");
        kill("u2", "second", "e");
        kill("u3", "third", "e");

        List<DeadLetter> two = deadLetters.list(2);

        assertThat(two).extracting(letter -> letter.message().text()).containsExactly("first", "second");
        assertThat(deadLetters.count()).isEqualTo(3);
    }

    @Test
    void deleteRemovesOnlyThatLetter() {
        kill("u1", "first", "e");
        kill("u2", "second", "e");
        String id = deadLetters.list(10).getFirst().id();

        assertThat(deadLetters.delete(id)).isTrue();
        assertThat(deadLetters.delete(id)).isFalse();
        assertThat(deadLetters.find(id)).isEmpty();
        assertThat(deadLetters.list(10)).extracting(letter -> letter.message().text()).containsExactly("second");
    }

    @Test
    void replayQueuesMessageAgainWithAttemptsReset() {
        Message failed = kill("u1", "try me again", "timeout");
        String id = deadLetters.list(10).getFirst().id();

        ReplayOutcome outcome = deadLetters.replay(id);

        assertThat(outcome).isEqualTo(new ReplayOutcome.Requeued(id, failed.id(), 1));
        assertThat(deadLetters.find(id)).isEmpty();
        List<Claim> claims = store.queue().claim(1, TTL);
        assertThat(claims).extracting(Claim::head).containsExactly(new QueuedEntry.Readable(failed.withAttemptsReset()));
    }

    @Test
    void replayGoesBehindPendingMessages() {
        kill("u1", "failed", "e");
        Message pending = aMessage("u1", "pending");
        store.queue().enqueue(pending, 10);

        deadLetters.replay(deadLetters.list(1).getFirst().id());

        assertThat(store.queue().pending(conversation("u1"))).extracting(Message::text).containsExactly("pending", "failed");
    }

    @Test
    void replayOfUnknownIdIsNotFound() {
        assertThat(deadLetters.replay("no-such-letter")).isEqualTo(new ReplayOutcome.NotFound("no-such-letter"));
    }

    @Test
    void oldestLettersAreEvictedBeyondLimit() {
        int limit = store.deadLetterLimit();
        for (int i = 0; i < limit + 2; i++) {
            kill("user" + i, "text" + i, "e");
        }

        List<DeadLetter> kept = deadLetters.list(limit + 10);

        assertThat(kept).hasSize(limit);
        assertThat(kept.getFirst().message().text()).isEqualTo("text2");
    }

    /** Queues a message, claims it and dead-letters it after one failed attempt. */
    private Message kill(String userId, String text, String error) {
        ConversationQueue queue = store.queue();
        Message message = aMessage(userId, text);
        queue.enqueue(message, 100);
        Claim claim = queue.claim(1, TTL).getFirst();
        Message failed = message.afterFailedAttempt();
        queue.deadLetter(claim.lease(), DeadLetter.of(failed, DeadLetterReason.PERMANENT_FAILURE, error, Instant.now()));
        return failed;
    }
}
