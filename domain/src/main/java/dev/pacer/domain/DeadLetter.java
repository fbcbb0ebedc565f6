package dev.pacer.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that left its queue without a reply, kept with the error so an operator can inspect,
 * replay or delete it.
 *
 * @param id the dead letter's own id, assigned by the store; empty before it is stored
 * @param message the parsed message, or null when the stored entry could not be read
 * @param rawPayload the entry exactly as it was stored, kept when it could not be read
 * @param attempts failed attempts before the message was given up
 */
public record DeadLetter(
        String id,
        ConversationKey conversation,
        Message message,
        String rawPayload,
        DeadLetterReason reason,
        String error,
        int attempts,
        Instant deadAt) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(deadAt, "deadAt");
        if (message == null && rawPayload == null) {
            throw new IllegalArgumentException("a dead letter keeps either the message or its raw payload");
        }
    }

    /** Creates a not yet stored dead letter for a message whose reply failed for good. */
    public static DeadLetter of(Message message, DeadLetterReason reason, String error, Instant deadAt) {
        return new DeadLetter("", message.conversation(), message, null, reason, error, message.attempts(), deadAt);
    }

    /** Creates a not yet stored dead letter for an entry that could not be read as a message. */
    public static DeadLetter unreadable(ConversationKey conversation, String rawPayload, String error, Instant deadAt) {
        return new DeadLetter("", conversation, null, rawPayload, DeadLetterReason.UNREADABLE_ENTRY, error, 0, deadAt);
    }

    /** Returns this dead letter with the id its store assigned. */
    public DeadLetter withId(String storedId) {
        return new DeadLetter(storedId, conversation, message, rawPayload, reason, error, attempts, deadAt);
    }
}
