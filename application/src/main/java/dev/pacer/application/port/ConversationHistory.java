package dev.pacer.application.port;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Turn;
import java.util.List;

/**
 * The recent turns of each conversation, given to the AI as context. Turns are appended by
 * {@link ConversationQueue#acknowledge}, in the same step that removes the answered message, and
 * the store keeps only a bounded number per conversation.
 */
public interface ConversationHistory {

    /** Returns up to {@code limit} of the latest turns, oldest first. */
    List<Turn> recent(ConversationKey conversation, int limit);
}
