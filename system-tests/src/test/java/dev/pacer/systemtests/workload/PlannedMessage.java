package dev.pacer.systemtests.workload;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user message of the workload. Its text starts with {@code c<conversation> m<sequence>}, so
 * an AI call and a reply can be traced back to the message from their text alone.
 *
 * @param conversation index of the conversation, from 0
 * @param sequence position of the message in its conversation, from 0, which is its send order
 */
public record PlannedMessage(
        int conversation, int sequence, String botId, String userId, String chatId, String messageId, String text) {

    private static final Pattern TAG = Pattern.compile("c(\\d+) m(\\d+)");

    /** Creates the message {@code sequence} of conversation {@code conversation}, with {@code words} after its tag. */
    public static PlannedMessage of(int conversation, int sequence, String words) {
        String tag = String.format("c%03d m%03d", conversation, sequence);
        return new PlannedMessage(conversation, sequence, botIdOf(conversation), userIdOf(conversation),
                "chat-" + conversation, String.format("c%03d-m%03d", conversation, sequence), tag + " " + words);
    }

    /**
     * Returns the bot of a conversation. Even conversations use the default bot and odd ones a
     * second bot with the same user ids, so one user talks to two bots as two independent conversations.
     */
    public static String botIdOf(int conversation) {
        return conversation % 2 == 0 ? "default" : "bot-b";
    }

    public static String userIdOf(int conversation) {
        return "u" + (conversation / 2);
    }

    /** Returns the conversation key {@code botId/userId}, as the checker groups by it. */
    public static String conversationKey(int conversation) {
        return botIdOf(conversation) + "/" + userIdOf(conversation);
    }

    public String conversationKey() {
        return conversationKey(conversation);
    }

    /**
     * Finds the {@code c<conversation> m<sequence>} tag in a text, such as the last user message of
     * an AI call. Returns {@code {conversation, sequence}}, or null when the text has no tag.
     */
    public static int[] parseTag(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = TAG.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
    }
}
