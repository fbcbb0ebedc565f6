package dev.pacer.application.port;

import dev.pacer.domain.Message;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;

/**
 * Delivers what the bot does to the chat platform: typing indicators and replies. Called from
 * many threads at once, but never twice at once for the same conversation.
 */
public interface ChatGateway {

    /** Shows that the bot is typing an answer to {@code message}; a failure only costs the indicator. */
    void showTyping(Message message) throws ReplyFailedException;

    /**
     * Delivers a reply. Each delivery carries {@link Reply#idempotencyKey()}, because a crash
     * between the send and the acknowledgement makes Pacer send the same reply again.
     */
    void send(Reply reply) throws ReplyFailedException, InterruptedException;
}
