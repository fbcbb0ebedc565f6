package dev.pacer.domain;

import java.util.List;
import java.util.Objects;

/**
 * A bot reply ready to be delivered to the chat.
 *
 * @param inReplyTo ids of the messages this reply answers; the first one is the idempotency key of
 *     the delivery, so a receiver can drop a repeat sent after a crash
 */
public record Reply(ConversationKey conversation, String chatId, String text, List<String> inReplyTo) {

    public Reply {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(text, "text");
        inReplyTo = List.copyOf(inReplyTo);
        if (inReplyTo.isEmpty()) {
            throw new IllegalArgumentException("a reply must name at least one message it responds to");
        }
    }

    /** Creates the reply to one message. */
    public static Reply to(Message message, String text) {
        return new Reply(message.conversation(), message.chatId(), text, List.of(message.id()));
    }

    /** Returns the key a receiver uses to drop a repeated delivery of this reply. */
    public String idempotencyKey() {
        return inReplyTo.getFirst();
    }
}
