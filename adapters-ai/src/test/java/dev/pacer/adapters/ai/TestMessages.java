package dev.pacer.adapters.ai;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import dev.pacer.domain.Speaker;
import dev.pacer.domain.Turn;
import java.time.Instant;

/** Builders of the domain values the generator tests send. */
final class TestMessages {

    static final Instant ACCEPTED_AT = Instant.parse("2025-01-01T12:00:00Z");

    private TestMessages() {}

    static Message aMessage(String text) {
        return new Message("msg-1", ConversationKey.of(null, "user-1"), "chat-1", text,
                MessageType.REGULAR, ACCEPTED_AT, 0);
    }

    static Turn userTurn(String text) {
        return new Turn(Speaker.USER, text, ACCEPTED_AT);
    }

    static Turn assistantTurn(String text) {
        return new Turn(Speaker.ASSISTANT, text, ACCEPTED_AT);
    }
}
