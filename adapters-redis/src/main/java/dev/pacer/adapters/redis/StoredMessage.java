package dev.pacer.adapters.redis;

import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A message as it is stored in a conversation's queue and in a dead letter.
 *
 * @param type the wire name, {@code regular} or {@code proactive}
 * @param acceptedAt ISO-8601 instant, with nanoseconds when the clock gave them
 */
record StoredMessage(
        String id,
        String botId,
        String userId,
        String chatId,
        String text,
        String type,
        String acceptedAt,
        int attempts) {

    static StoredMessage from(Message message) {
        return new StoredMessage(
                message.id(),
                message.conversation().botId(),
                message.conversation().userId(),
                message.chatId(),
                message.text(),
                message.type().wireName(),
                message.acceptedAt().toString(),
                message.attempts());
    }

    Message toDomain() {
        return new Message(
                id,
                new ConversationKey(botId, userId),
                chatId,
                text,
                MessageType.parse(type),
                Instant.parse(acceptedAt),
                attempts);
    }

    static String write(Message message) {
        return StoredJson.write(from(message));
    }

    /**
     * Reads a queue entry as a message. An entry over {@code maxBytes}, with invalid JSON or with
     * invalid fields comes back as {@link QueuedEntry.Unreadable} carrying the raw payload.
     */
    static QueuedEntry readEntry(String raw, int maxBytes) {
        int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return new QueuedEntry.Unreadable(raw, "entry is " + bytes + " bytes, over the limit of " + maxBytes);
        }
        try {
            return new QueuedEntry.Readable(StoredJson.read(raw, StoredMessage.class).toDomain());
        } catch (Exception e) {
            return new QueuedEntry.Unreadable(raw, "entry is not a valid message: " + e.getMessage());
        }
    }
}
