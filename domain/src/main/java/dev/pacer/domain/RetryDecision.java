package dev.pacer.domain;

import java.time.Duration;

/** What to do with a message whose reply failed. */
public sealed interface RetryDecision {

    /** Keep the message at the head of its queue and try again after {@code backoff}. */
    record Retry(Duration backoff) implements RetryDecision {}

    /** Move the message to the dead letters so the conversation's next message can proceed. */
    record GiveUp(DeadLetterReason reason) implements RetryDecision {}
}
