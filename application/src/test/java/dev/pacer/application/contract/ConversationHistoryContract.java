package dev.pacer.application.contract;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.application.port.Claim;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.domain.Message;
import dev.pacer.domain.Speaker;
import dev.pacer.domain.Turn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link dev.pacer.application.port.ConversationHistory} must show. */
public abstract class ConversationHistoryContract {

    private StorePorts store;

    protected abstract StorePorts createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void acknowledgeAppendsBothSides() {
        answer("u1", "hi", "hello there");

        List<Turn> turns = store.history().recent(conversation("u1"), 10);

        assertThat(turns).extracting(Turn::speaker).containsExactly(Speaker.USER, Speaker.ASSISTANT);
        assertThat(turns).extracting(Turn::text).containsExactly("hi", "hello there");
    }

    @Test
    void recentReturnsLatestTurnsOldestFirst() {
        answer("u1", "one", "r1");
        answer("u1", "two", "r2");

        List<Turn> turns = store.history().recent(conversation("u1"), 3);

        assertThat(turns).extracting(Turn::text).containsExactly("r1", "two", "r2");
    }

    @Test
    void historyIsTrimmedToLimit() {
        int exchanges = store.historyLimit() / 2 + 3;
        for (int i = 0; i < exchanges; i++) {
            answer("u1", "q" + i, "r" + i);
        }

        List<Turn> turns = store.history().recent(conversation("u1"), 1_000);

        assertThat(turns).hasSize(store.historyLimit());
        assertThat(turns.getLast().text()).isEqualTo("r" + (exchanges - 1));
    }

    @Test
    void historyIsKeptPerConversation() {
        answer("u1", "mine", "r1");

        assertThat(store.history().recent(conversation("u2"), 10)).isEmpty();
    }

    private void answer(String userId, String text, String reply) {
        ConversationQueue queue = store.queue();
        Message message = aMessage(userId, text);
        queue.enqueue(message, 100);
        Claim claim = queue.claim(1, Duration.ofSeconds(30)).getFirst();
        queue.acknowledge(claim.lease(), message, reply);
    }
}
