package dev.pacer.systemtests.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a webhook receiver should consume Pacer's reply events: verify the signature, bind the
 * {@code Idempotency-Key} header to the signed body, and drop a key it has processed before.
 *
 * <p>The binding matters because the signature covers only the body. A header-only check would
 * take a captured request with a new {@code Idempotency-Key} as a new event, while the body's
 * {@code inReplyTo[0]} is signed and equals the key of a genuine reply.
 */
public final class DeduplicatingConsumer {

    /** What the consumer did with one request. */
    public enum Verdict {
        PROCESSED,
        DROPPED_REPEAT,
        REJECTED_SIGNATURE,
        REJECTED_KEY_MISMATCH
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secret;
    private final boolean bindKeyToBody;
    private final Set<String> processedKeys = ConcurrentHashMap.newKeySet();

    /**
     * @param bindKeyToBody whether a reply's key must equal the signed {@code inReplyTo[0]}. False
     *     shows what a receiver that trusts the header alone accepts.
     */
    public DeduplicatingConsumer(String secret, boolean bindKeyToBody) {
        this.secret = secret;
        this.bindKeyToBody = bindKeyToBody;
    }

    public Verdict consume(String idempotencyKey, byte[] body, String signature) {
        if (!WebhookReceiver.verify(secret, body, signature)) {
            return Verdict.REJECTED_SIGNATURE;
        }
        if (bindKeyToBody && !idempotencyKey.equals(signedKey(body))) {
            return Verdict.REJECTED_KEY_MISMATCH;
        }
        return processedKeys.add(idempotencyKey) ? Verdict.PROCESSED : Verdict.DROPPED_REPEAT;
    }

    private static String signedKey(byte[] body) {
        try {
            JsonNode event = JSON.readTree(body);
            return event.path("inReplyTo").path(0).asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
