package dev.pacer.domain;

/**
 * The unit of ordering: one user talking to one bot. Replies within a conversation are sent one
 * at a time, in the order its messages were accepted.
 */
public record ConversationKey(String botId, String userId) {

    public static final String DEFAULT_BOT = "default";

    public ConversationKey {
        Ids.requireValid("botId", botId);
        Ids.requireValid("userId", userId);
    }

    /** Creates the key, taking {@link #DEFAULT_BOT} when {@code botId} is null. */
    public static ConversationKey of(String botId, String userId) {
        return new ConversationKey(botId == null ? DEFAULT_BOT : botId, userId);
    }

    @Override
    public String toString() {
        return botId + "/" + userId;
    }
}
