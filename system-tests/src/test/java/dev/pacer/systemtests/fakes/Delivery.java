package dev.pacer.systemtests.fakes;

import java.time.Instant;
import java.util.List;

/**
 * One webhook request the receiver got, with what it did with it.
 *
 * @param receivedAt when the request body had been read
 * @param respondedAt when the response status was sent
 * @param idempotencyKey the {@code Idempotency-Key} header, or null when absent
 * @param signatureValid whether {@code X-Pacer-Signature} is the HMAC-SHA256 of the body under the
 *     shared secret
 * @param type {@code typing}, {@code reply}, or null when the body is not a JSON object
 * @param inReplyTo the {@code inReplyTo} ids of the body, empty when absent
 * @param status the status the receiver responded with
 * @param processed whether the receiver acted on the event: true for a 2xx, and for a 5xx sent
 *     after processing, as a receiver that crashes before it responds would
 */
public record Delivery(
        long sequence,
        Instant receivedAt,
        Instant respondedAt,
        String idempotencyKey,
        String signature,
        boolean signatureValid,
        String type,
        String botId,
        String userId,
        String chatId,
        String text,
        List<String> inReplyTo,
        String at,
        byte[] body,
        int status,
        boolean processed) {

    public boolean isReply() {
        return "reply".equals(type);
    }

    /** Returns the first {@code inReplyTo} id, the source message of the reply, or null. */
    public String messageId() {
        return inReplyTo.isEmpty() ? null : inReplyTo.getFirst();
    }

    /** Returns the conversation as {@code botId/userId}. */
    public String conversation() {
        return botId + "/" + userId;
    }
}
