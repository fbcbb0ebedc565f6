package dev.pacer.adapters.redis;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import java.time.Instant;

/**
 * A dead letter as it is stored in its shard's dead-letter hash.
 *
 * @param message the parsed message, or null when the queue entry could not be read
 * @param rawPayload the queue entry exactly as it was stored, kept when it could not be read
 * @param reason the {@link DeadLetterReason} name
 * @param deadAt ISO-8601 instant
 */
record StoredDeadLetter(
        String id,
        String botId,
        String userId,
        StoredMessage message,
        String rawPayload,
        String reason,
        String error,
        int attempts,
        String deadAt) {

    static StoredDeadLetter from(DeadLetter letter) {
        return new StoredDeadLetter(
                letter.id(),
                letter.conversation().botId(),
                letter.conversation().userId(),
                letter.message() == null ? null : StoredMessage.from(letter.message()),
                letter.rawPayload(),
                letter.reason().name(),
                letter.error(),
                letter.attempts(),
                letter.deadAt().toString());
    }

    DeadLetter toDomain() {
        return new DeadLetter(
                id,
                new ConversationKey(botId, userId),
                message == null ? null : message.toDomain(),
                rawPayload,
                DeadLetterReason.valueOf(reason),
                error,
                attempts,
                Instant.parse(deadAt));
    }
}
