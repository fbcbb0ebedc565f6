package dev.pacer.benchmarks.system;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic load: conversation {@code i} is user {@code <prefix>i} of the default bot, and its
 * message {@code j} has the id {@code <prefix>i-m<j>}, so a recorder can tell from a reply which
 * conversation and which queue position it replies to.
 */
public final class Conversations {

    /** A typical short chat message: 62 characters with the numbers filled in. */
    private static final String TEXT = "message %d of user %d: could you tell me more about that, please?";

    private final String prefix;
    private final int count;
    private final int messagesEach;

    public Conversations(String prefix, int count, int messagesEach) {
        this.prefix = prefix;
        this.count = count;
        this.messagesEach = messagesEach;
    }

    public int count() {
        return count;
    }

    public int messagesEach() {
        return messagesEach;
    }

    public int messages() {
        return count * messagesEach;
    }

    public ConversationKey key(int conversation) {
        return new ConversationKey(ConversationKey.DEFAULT_BOT, prefix + conversation);
    }

    public Message message(int conversation, int index) {
        return new Message(prefix + conversation + "-m" + index, key(conversation), "chat" + conversation,
                text(conversation, index), MessageType.REGULAR, Instant.now(), 0);
    }

    public static String text(int conversation, int index) {
        return TEXT.formatted(index, conversation);
    }

    /** Returns every message, each conversation's in queue order, conversations one after another. */
    public List<Message> all() {
        List<Message> messages = new ArrayList<>(messages());
        for (int conversation = 0; conversation < count; conversation++) {
            for (int index = 0; index < messagesEach; index++) {
                messages.add(message(conversation, index));
            }
        }
        return messages;
    }

    /** Returns the conversation number of a user id of this set, or -1 for another set. */
    public int conversationOf(String userId) {
        if (!userId.startsWith(prefix)) {
            return -1;
        }
        return Integer.parseInt(userId, prefix.length(), userId.length(), 10);
    }

    /** Returns the place in its queue of a message id of this set. */
    public static int indexOf(String messageId) {
        int marker = messageId.lastIndexOf("-m");
        return Integer.parseInt(messageId, marker + 2, messageId.length(), 10);
    }
}
