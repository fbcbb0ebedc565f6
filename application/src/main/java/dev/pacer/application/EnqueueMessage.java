package dev.pacer.application;

import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Ids;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import dev.pacer.domain.TextLimits;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/** Accepts a user message: validates it, gives it an id and queues it durably in one step. */
public final class EnqueueMessage {

    /**
     * A message as the chat platform sent it. The constructor checks every id and the type, so an
     * invalid command cannot exist.
     *
     * @param botId null means {@link ConversationKey#DEFAULT_BOT}
     * @param messageId the caller's idempotency key, or null to let Pacer assign one
     * @param type {@code regular}, {@code proactive} or null for regular
     */
    public record Command(String botId, String userId, String chatId, String text, String messageId, String type) {

        public Command {
            ConversationKey.of(botId, userId);
            Ids.requireValid("chatId", chatId);
            if (messageId != null) {
                Ids.requireValid("messageId", messageId);
            }
            MessageType.parse(type);
        }
    }

    private final ConversationQueue queue;
    private final TextLimits textLimits;
    private final int maxQueuedPerConversation;
    private final Clock clock;

    public EnqueueMessage(ConversationQueue queue, TextLimits textLimits, int maxQueuedPerConversation, Clock clock) {
        if (maxQueuedPerConversation < 1) {
            throw new IllegalArgumentException("maxQueuedPerConversation must be at least 1: " + maxQueuedPerConversation);
        }
        this.queue = Objects.requireNonNull(queue);
        this.textLimits = Objects.requireNonNull(textLimits);
        this.maxQueuedPerConversation = maxQueuedPerConversation;
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Queues the message.
     *
     * @throws dev.pacer.domain.InvalidInputException when the text breaks the configured limits
     * @throws dev.pacer.application.port.StoreUnavailableException when the store cannot be reached;
     *     the message may then be sent again with the same id
     */
    public EnqueueOutcome enqueue(Command command) {
        String text = textLimits.requireValid(command.text());
        String id = command.messageId() != null ? command.messageId() : UUID.randomUUID().toString();

        Message message = new Message(
                id,
                ConversationKey.of(command.botId(), command.userId()),
                command.chatId(),
                text,
                MessageType.parse(command.type()),
                clock.instant(),
                0);

        return queue.enqueue(message, maxQueuedPerConversation);
    }
}
