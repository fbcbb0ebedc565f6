package dev.pacer.bootstrap.replay;

import java.time.Duration;

/**
 * One message as it will be sent to Pacer.
 *
 * @param sequence 0-based index in the plan, which is log order
 * @param sendOffset when to send, measured from the start of sending
 */
record PlannedMessage(
        int sequence, String messageId, String userId, String chatId, String text, Duration sendOffset) {}
