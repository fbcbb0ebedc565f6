package dev.pacer.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Pacer-Signature} header: {@code sha256=} followed by the lowercase hex HMAC-SHA256
 * of the exact body bytes, keyed with the UTF-8 bytes of the webhook secret.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Pacer-Signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    /** Computes the header value for {@code body}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /** Tells, in constant time, whether {@code headerValue} is the signature of {@code body}. */
    public static boolean verify(String secret, byte[] body, String headerValue) {
        if (headerValue == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                headerValue.strip().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JDK", e);
        }
    }
}
