package dev.pacer.application.port;

import dev.pacer.domain.ConversationKey;
import java.time.Duration;

/**
 * The right of one worker to serve one conversation until the lease expires.
 *
 * @param token fencing token: it grows with every grant, and the store rejects every change made
 *     under a token that no longer holds the conversation
 * @param ttl how long the lease lasts after it is granted or renewed, measured by the store's clock
 */
public record Lease(ConversationKey conversation, long token, Duration ttl) {}
