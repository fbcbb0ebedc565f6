package dev.pacer.adapters.http;

import dev.pacer.application.port.ChatGateway;
import dev.pacer.domain.Message;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to one required gateway and any number of best-effort ones, for example the webhook
 * and the event streams. Only the required gateway's failure fails the call, and a best-effort
 * failure is logged and ignored. A reply goes to the best-effort gateways only after the required
 * one succeeded, so a retried reply is not shown twice on them.
 */
public final class FanOutChatGateway implements ChatGateway {

    private static final Logger log = LoggerFactory.getLogger(FanOutChatGateway.class);

    private final ChatGateway required;
    private final List<ChatGateway> bestEffort;

    public FanOutChatGateway(ChatGateway required, List<? extends ChatGateway> bestEffort) {
        this.required = Objects.requireNonNull(required);
        this.bestEffort = List.copyOf(bestEffort);
    }

    /** Shows typing on every gateway, then throws the required gateway's failure if it had one. */
    @Override
    public void showTyping(Message message) throws ReplyFailedException {
        for (ChatGateway gateway : bestEffort) {
            try {
                gateway.showTyping(message);
            } catch (ReplyFailedException | RuntimeException e) {
                log.warn("message={} best-effort typing indicator via {} failed and is ignored: {}",
                        message.id(), gateway.getClass().getSimpleName(), e.toString());
            }
        }
        required.showTyping(message);
    }

    @Override
    public void send(Reply reply) throws ReplyFailedException, InterruptedException {
        required.send(reply);

        for (ChatGateway gateway : bestEffort) {
            try {
                gateway.send(reply);
            } catch (ReplyFailedException | RuntimeException e) {
                log.warn("message={} best-effort reply via {} failed and is ignored: {}",
                        reply.idempotencyKey(), gateway.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
