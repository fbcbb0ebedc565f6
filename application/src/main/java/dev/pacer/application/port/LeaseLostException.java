package dev.pacer.application.port;

import dev.pacer.domain.ConversationKey;

/**
 * A change was rejected because the caller's lease has expired or was granted to another worker.
 * The caller must stop serving the conversation without sending anything more.
 */
public final class LeaseLostException extends RuntimeException {

    private final ConversationKey conversation;
    private final long token;

    public LeaseLostException(ConversationKey conversation, long token) {
        super("lease on conversation " + conversation + " with token " + token + " is no longer held");
        this.conversation = conversation;
        this.token = token;
    }

    public ConversationKey conversation() {
        return conversation;
    }

    public long token() {
        return token;
    }
}
