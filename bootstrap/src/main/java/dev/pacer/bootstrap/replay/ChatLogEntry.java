package dev.pacer.bootstrap.replay;

import java.time.Instant;
import java.util.Objects;

/**
 * One message read from a chat log, before it is planned for sending.
 *
 * @param position 1-based index of the message in the log, counting messages with empty text.
 *     The message id sent to Pacer is built from it, so a rerun of the same log sends the same ids.
 * @param sender the sender as the log shows it
 * @param senderKey the value the user id is derived from: the sender name, or Telegram's
 *     {@code from_id} when the export has one, so two people with one display name stay apart
 * @param text the message text, possibly empty or blank
 */
record ChatLogEntry(int position, Instant timestamp, String sender, String senderKey, String text) {

    ChatLogEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderKey, "senderKey");
        Objects.requireNonNull(text, "text");
    }

    ChatLogEntry(int position, Instant timestamp, String sender, String text) {
        this(position, timestamp, sender, sender, text);
    }

    /** Returns whether Pacer would reject the text as empty, which includes blank text. */
    boolean hasEmptyText() {
        return text.isBlank();
    }
}
