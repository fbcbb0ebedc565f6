package dev.pacer.adapters.http;

import dev.pacer.application.EnqueueMessage;
import dev.pacer.application.InspectQueues;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Ids;
import dev.pacer.domain.Message;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/messages} and {@code GET /v1/users/{userId}/queue}. */
final class MessageEndpoints {

    static final String ENQUEUE_PATH = "/v1/messages";

    /** The response to an accepted or repeated message. */
    record EnqueueResponse(String messageId, long queuePosition) {}

    /** A conversation's pending messages, head first. */
    record QueueResponse(String botId, String userId, List<PendingMessage> messages) {}

    record PendingMessage(String messageId, String chatId, String text, String type, String acceptedAt, int attempts) {

        static PendingMessage from(Message message) {
            return new PendingMessage(message.id(), message.chatId(), message.text(), message.type().wireName(),
                    message.acceptedAt().toString(), message.attempts());
        }
    }

    private static final Logger log = LoggerFactory.getLogger(MessageEndpoints.class);

    private final EnqueueMessage enqueueMessage;
    private final InspectQueues inspectQueues;
    private final JsonBody jsonBody;

    MessageEndpoints(EnqueueMessage enqueueMessage, InspectQueues inspectQueues, JsonBody jsonBody) {
        this.enqueueMessage = enqueueMessage;
        this.inspectQueues = inspectQueues;
        this.jsonBody = jsonBody;
    }

    /**
     * Queues a message: 202 when it was added, 200 with the first result when its messageId was
     * accepted before (nothing is added), 429 when the conversation's queue is full.
     */
    void enqueue(Context ctx) {
        EnqueueMessage.Command command = EnqueueRequest.toCommand(jsonBody.readObject(ctx));

        EnqueueOutcome outcome = enqueueMessage.enqueue(command);

        switch (outcome) {
            case EnqueueOutcome.Accepted accepted -> {
                log.debug("user={} message={} accepted at position {}",
                        command.userId(), accepted.messageId(), accepted.queuePosition());
                ctx.status(202).json(new EnqueueResponse(accepted.messageId(), accepted.queuePosition()));
            }
            case EnqueueOutcome.Duplicate duplicate -> {
                log.debug("user={} message={} repeated, nothing queued", command.userId(), duplicate.messageId());
                ctx.status(200).json(new EnqueueResponse(duplicate.messageId(), duplicate.queuePosition()));
            }
            case EnqueueOutcome.QueueFull full -> throw new ProblemException(
                    Problems.queueFull(full.limit()), ProblemMapper.retryAfter(ProblemMapper.QUEUE_FULL_RETRY_AFTER));
        }
    }

    /** Lists a conversation's pending messages. The bot is {@code ?botId=}, by default {@code default}. */
    void pending(Context ctx) {
        String userId = Ids.requireValid("userId", ctx.pathParam("userId"));
        ConversationKey conversation = ConversationKey.of(ctx.queryParam("botId"), userId);

        List<PendingMessage> messages = inspectQueues.pending(conversation).stream()
                .map(PendingMessage::from)
                .toList();

        ctx.json(new QueueResponse(conversation.botId(), conversation.userId(), messages));
    }
}
