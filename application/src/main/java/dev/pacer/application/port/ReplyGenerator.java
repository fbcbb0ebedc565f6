package dev.pacer.application.port;

import dev.pacer.domain.Message;
import dev.pacer.domain.ReplyFailedException;
import dev.pacer.domain.Turn;
import java.util.List;

/**
 * Writes the bot's reply to a message, typically by calling an AI model. Called from many
 * threads at once, but never twice at once for the same conversation.
 */
public interface ReplyGenerator {

    /**
     * Returns the reply text for {@code message}.
     *
     * @param history the conversation's latest turns, oldest first, without {@code message}
     * @throws ReplyFailedException when no reply could be produced; its kind decides between a
     *     retry and the dead letters
     */
    String generate(Message message, List<Turn> history) throws ReplyFailedException, InterruptedException;
}
