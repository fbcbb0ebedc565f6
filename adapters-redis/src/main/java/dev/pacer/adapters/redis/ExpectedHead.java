package dev.pacer.adapters.redis;

import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;

/**
 * The queue entry that an acknowledge, dead-letter or retry-later call was made for, in the form
 * that {@code head_is} of {@code common.lua} checks before the script changes the head.
 *
 * @param kind {@code id} for a message, matched by its id; {@code raw} for an unreadable entry,
 *     matched byte for byte; {@code any} when no check is possible
 * @param value the message id or the raw payload, empty for {@code any}
 */
record ExpectedHead(String kind, String value) {

    static ExpectedHead of(Message message) {
        return new ExpectedHead("id", message.id());
    }

    static ExpectedHead of(DeadLetter letter) {
        if (letter.message() != null) {
            return of(letter.message());
        }
        // Redisson decodes entries as UTF-8 and replaces invalid bytes with U+FFFD, so such a payload
        // no longer equals the stored bytes. Requiring a match would leave the entry blocking its queue.
        if (letter.rawPayload().indexOf('\uFFFD') >= 0) {
            return new ExpectedHead("any", "");
        }
        return new ExpectedHead("raw", letter.rawPayload());
    }

    /** Describes the entry for a log line, without an unreadable payload that may be large. */
    @Override
    public String toString() {
        return switch (kind) {
            case "id" -> "message " + value;
            case "raw" -> "the unreadable entry of " + value.length() + " characters";
            default -> "any entry";
        };
    }
}
