package dev.pacer.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted user message waiting for its reply.
 *
 * @param attempts how many times a reply to this message has failed; a crash does not count
 */
public record Message(
        String id,
        ConversationKey conversation,
        String chatId,
        String text,
        MessageType type,
        Instant acceptedAt,
        int attempts) {

    public Message {
        Ids.requireValid("messageId", id);
        Objects.requireNonNull(conversation, "conversation");
        Ids.requireValid("chatId", chatId);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
    }

    /** Returns this message with one more failed attempt recorded. */
    public Message afterFailedAttempt() {
        return new Message(id, conversation, chatId, text, type, acceptedAt, attempts + 1);
    }

    /** Returns this message with its failure count cleared, as a dead-letter replay needs it. */
    public Message withAttemptsReset() {
        return new Message(id, conversation, chatId, text, type, acceptedAt, 0);
    }
}
