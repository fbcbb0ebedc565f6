package dev.pacer.adapters.http;

import dev.pacer.domain.Message;
import dev.pacer.domain.Reply;
import java.time.Instant;
import java.util.List;

/**
 * A bot action in a chat, as sent to webhooks and event streams: {@code typing} while a reply is
 * being written, {@code reply} with its text.
 *
 * @param text the reply text, or null (and left out of the JSON) for {@code typing}
 * @param inReplyTo ids of the user messages that the event replies to
 * @param at when the event was sent, ISO-8601 in UTC
 */
record ChatEvent(
        String type, String botId, String userId, String chatId, String text, List<String> inReplyTo, String at) {

    static final String TYPING = "typing";
    static final String REPLY = "reply";

    static ChatEvent typing(Message message, Instant at) {
        return new ChatEvent(TYPING, message.conversation().botId(), message.conversation().userId(),
                message.chatId(), null, List.of(message.id()), at.toString());
    }

    static ChatEvent reply(Reply reply, Instant at) {
        return new ChatEvent(REPLY, reply.conversation().botId(), reply.conversation().userId(),
                reply.chatId(), reply.text(), reply.inReplyTo(), at.toString());
    }
}
