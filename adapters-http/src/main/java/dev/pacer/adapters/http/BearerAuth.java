package dev.pacer.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Requires {@code Authorization: Bearer <API key>} on the handlers it wraps, when a key is set.
 * Wrapping each handler, rather than filtering by path, keeps every route that reaches a handler
 * covered however its path was spelled or encoded.
 */
final class BearerAuth {

    private static final String SCHEME = "Bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"pacer\"");

    private final byte[] expectedDigest;

    /** Creates the check for {@code apiKey}. A null key lets every request through. */
    BearerAuth(String apiKey) {
        this.expectedDigest = apiKey == null ? null : sha256(apiKey);
    }

    /** Returns {@code handler} behind the token check. */
    Handler require(Handler handler) {
        if (expectedDigest == null) {
            return handler;
        }
        return ctx -> {
            check(ctx);
            handler.handle(ctx);
        };
    }

    private void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ProblemException(Problems.unauthorized(
                    "the Authorization header is missing: send Authorization: Bearer <PACER_API_KEY>"), CHALLENGE);
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ProblemException(Problems.unauthorized(
                    "the Authorization header does not use the Bearer scheme: send Authorization: Bearer <PACER_API_KEY>"),
                    CHALLENGE);
        }
        // Comparing digests takes the same time for every token, whatever its length or content.
        byte[] presented = sha256(header.substring(SCHEME.length()).strip());
        if (!MessageDigest.isEqual(presented, expectedDigest)) {
            throw new ProblemException(Problems.unauthorized(
                    "the bearer token is not the configured API key: send the value of PACER_API_KEY"), CHALLENGE);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
