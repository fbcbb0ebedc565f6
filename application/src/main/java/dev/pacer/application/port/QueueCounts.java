package dev.pacer.application.port;

/**
 * A snapshot of the queue's size.
 *
 * @param dueConversations conversations waiting for a worker, including those in retry backoff
 * @param leasedConversations conversations a worker is serving now
 */
public record QueueCounts(long dueConversations, long leasedConversations) {}
