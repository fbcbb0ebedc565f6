package dev.pacer.adapters.ai;

import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.domain.Message;
import dev.pacer.domain.Turn;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline stand-in used when no AI endpoint is configured: it calls no AI and returns a canned reply
 * that states this and quotes the start of the message, so that the queue and the pacing can be tried
 * without a model. The same message always gets the same reply.
 */
public final class OfflineReplyGenerator implements ReplyGenerator {

    /** The prefix of every offline reply. */
    public static final String PREFIX = "(offline reply) You said: ";
    /** The maximum number of code points of the message text quoted in a reply. */
    public static final int QUOTED_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(OfflineReplyGenerator.class);

    public OfflineReplyGenerator() {
        log.warn("no AI endpoint is configured, so no AI is called: every reply is a canned offline reply. "
                + "Set PACER_AI_BASE_URL and PACER_AI_MODEL to use a model");
    }

    @Override
    public String generate(Message message, List<Turn> history) {
        String text = message.text();
        int quoted = text.codePointCount(0, text.length()) <= QUOTED_LENGTH
                ? text.length()
                : text.offsetByCodePoints(0, QUOTED_LENGTH);
        return PREFIX + text.substring(0, quoted);
    }
}
