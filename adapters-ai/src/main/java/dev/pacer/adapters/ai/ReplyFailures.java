package dev.pacer.adapters.ai;

import dev.pacer.domain.FailureKind;
import dev.pacer.domain.ReplyFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * The factory of the {@link ReplyFailedException} for each way a chat completion call fails.
 * Messages name the endpoint without its query string and never contain the API key.
 */
final class ReplyFailures {

    /** The maximum number of characters of a response body quoted in a message. */
    static final int SNIPPET_LENGTH = 200;

    private ReplyFailures() {}

    /**
     * Classifies a non-2xx status: 408, 429 and 5xx may pass, so they are retryable and carry the
     * {@code Retry-After} hint. Every other status repeats on each attempt, so it is permanent.
     */
    static ReplyFailedException forStatus(
            String endpoint, int status, String retryAfter, String body, String apiKey, Clock clock) {
        String detail = "AI endpoint " + endpoint + " returned HTTP " + status + ": " + snippet(body, apiKey);
        if (status == 408 || status == 429 || status >= 500) {
            Duration hint = RetryAfter.parse(retryAfter, clock).orElse(null);
            String wait = hint == null ? "" : " (Retry-After " + hint.toSeconds() + " s)";
            return new ReplyFailedException(FailureKind.RETRYABLE, detail + wait, hint, null);
        }
        return new ReplyFailedException(FailureKind.PERMANENT, detail + fixFor(status), null, null);
    }

    /** Classifies a failed exchange: timeouts, refused connections and broken streams are retryable. */
    static ReplyFailedException forIo(String endpoint, IOException e, OpenAiSettings settings) {
        String message = switch (e) {
            case HttpConnectTimeoutException timeout -> "connecting to AI endpoint " + endpoint
                    + " timed out after " + settings.connectTimeout().toMillis() + " ms";
            case HttpTimeoutException timeout -> timedOutMessage(endpoint, settings.requestTimeout());
            case ConnectException refused -> "could not connect to AI endpoint " + endpoint + ": " + describe(e);
            default -> "AI request to " + endpoint + " failed: " + describe(e);
        };
        return new ReplyFailedException(FailureKind.RETRYABLE, message, null, e);
    }

    /** Reports a call that ran past the request timeout while its body was still being read. */
    static ReplyFailedException timedOut(String endpoint, Duration requestTimeout) {
        return new ReplyFailedException(FailureKind.RETRYABLE, timedOutMessage(endpoint, requestTimeout), null, null);
    }

    /**
     * Reports a 2xx response without a usable reply. It is retryable because a server under load or
     * a proxy in between can return one broken response and a good one on the next attempt.
     */
    static ReplyFailedException malformed(String endpoint, String problem, String body, String apiKey, Throwable cause) {
        String message = "AI endpoint " + endpoint + " returned no usable reply: " + problem
                + "; body: " + snippet(body, apiKey);
        return new ReplyFailedException(FailureKind.RETRYABLE, message, null, cause);
    }

    /** Shortens a response body for a message, with the API key replaced by {@code ***}. */
    static String snippet(String body, String apiKey) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String text = apiKey == null ? body : body.replace(apiKey, "***");
        text = text.strip().replaceAll("\\s+", " ");
        if (text.length() <= SNIPPET_LENGTH) {
            return text;
        }
        return text.substring(0, SNIPPET_LENGTH) + "... (" + text.length() + " characters)";
    }

    private static String timedOutMessage(String endpoint, Duration requestTimeout) {
        return "AI endpoint " + endpoint + " did not reply within the request timeout of "
                + requestTimeout.toMillis() + " ms";
    }

    private static String fixFor(int status) {
        return switch (status) {
            case 401, 403 -> "; check the API key and its auth style (bearer or api-key header)";
            case 404 -> "; check the base URL (it usually ends in /v1) and the model name";
            case 400, 422 -> "; check the model name, maxTokens and temperature";
            default -> {
                if (status >= 300 && status < 400) {
                    yield "; redirects are not followed, so set the base URL to the final address";
                }
                yield "";
            }
        };
    }

    /** Names the exception and its first cause that has a message, because the JDK client often omits one. */
    private static String describe(Throwable e) {
        Throwable current = e;
        while (current.getMessage() == null && current.getCause() != null) {
            current = current.getCause();
        }
        String text = current.getMessage();
        return current.getClass().getSimpleName() + (text == null ? "" : ": " + text);
    }
}
