package dev.pacer.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pacer.application.port.ChatGateway;
import dev.pacer.domain.FailureKind;
import dev.pacer.domain.Message;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatGateway} that POSTs each typing indicator and reply as JSON to the configured
 * webhook, signed with HMAC-SHA256 when a secret is set.
 *
 * <p>A reply is tried up to {@code maxAttempts} times within the call, with doubling backoff, after
 * connection errors, timeouts, 408, 429 and 5xx; then it fails as {@link FailureKind#RETRYABLE}
 * and the dispatcher's retry policy takes over. Any other status outside 2xx (redirects are not
 * followed) fails as {@link FailureKind#PERMANENT} at once. A typing indicator gets one attempt.
 * Thread safe.
 */
public final class WebhookChatGateway implements ChatGateway, AutoCloseable {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(WebhookChatGateway.class);

    private final WebhookSettings settings;
    private final Clock clock;
    private final HttpClient client;

    public WebhookChatGateway(WebhookSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code typing} once. A failure costs only the indicator, so it is not retried. */
    @Override
    public void showTyping(Message message) throws ReplyFailedException {
        byte[] body = toJson(ChatEvent.typing(message, clock.instant()));
        // Every typing event is new, so its key only has to be unique.
        String key = "typing-" + message.id() + "-" + UUID.randomUUID();
        try {
            deliver(body, key, 1, message.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplyFailedException(FailureKind.RETRYABLE, "typing webhook was interrupted", null, e);
        }
    }

    /** Sends {@code reply} with its idempotency key, retrying transient failures within the call. */
    @Override
    public void send(Reply reply) throws ReplyFailedException, InterruptedException {
        byte[] body = toJson(ChatEvent.reply(reply, clock.instant()));
        deliver(body, reply.idempotencyKey(), settings.maxAttempts(), reply.idempotencyKey());
    }

    @Override
    public void close() {
        client.close();
    }

    // NOTE: all attempts of one reply must end before the lease expires, or a second worker may send
    // the reply again. WebhookSettings.of keeps within the default lease of 30 s, and other settings
    // have to as well.
    private void deliver(byte[] body, String idempotencyKey, int maxAttempts, String messageId)
            throws ReplyFailedException, InterruptedException {
        HttpRequest request = request(body, idempotencyKey);
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            ReplyFailedException failure = attempt(request);
            if (failure == null) {
                return;
            }

            Duration hint = failure.retryAfter().orElse(Duration.ZERO);
            boolean last = attempt >= maxAttempts || failure.kind() == FailureKind.PERMANENT;
            // A receiver that requests a longer pause than the backoff gets it from the retry policy instead.
            if (last || hint.compareTo(backoff.multipliedBy(2)) > 0) {
                throw failure;
            }
            Duration wait = hint.compareTo(backoff) > 0 ? hint : backoff;
            log.warn("message={} webhook attempt {} of {} failed, retrying in {} ms: {}",
                    messageId, attempt, maxAttempts, wait.toMillis(), failure.getMessage());
            Thread.sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Sends once and returns null on 2xx, otherwise the classified failure. */
    private ReplyFailedException attempt(HttpRequest request) throws InterruptedException {
        String target = settings.redactedUrl();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            return new ReplyFailedException(FailureKind.RETRYABLE,
                    "webhook " + target + " timed out after " + settings.timeout().toMillis() + " ms", null, e);
        } catch (ConnectException e) {
            return new ReplyFailedException(FailureKind.RETRYABLE,
                    "webhook " + target + " could not be reached: connection refused or no route", null, e);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "connection closed" : e.getMessage();
            return new ReplyFailedException(FailureKind.RETRYABLE,
                    "webhook " + target + " request failed: " + reason, null, e);
        }

        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new ReplyFailedException(FailureKind.RETRYABLE,
                    "webhook " + target + " answered " + status, retryAfter(response).orElse(null), null);
        }
        return new ReplyFailedException(FailureKind.PERMANENT,
                "webhook " + target + " answered " + status + ", which a retry would not change", null, null);
    }

    private HttpRequest request(byte[] body, String idempotencyKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Pacer")
                .header(IDEMPOTENCY_KEY, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.secret() != null) {
            builder.header(WebhookSignature.HEADER, WebhookSignature.sign(settings.secret(), body));
        }
        return builder.build();
    }

    /** Reads a Retry-After given in seconds. An HTTP-date is ignored. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.strip());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static byte[] toJson(ChatEvent event) {
        try {
            return ApiJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // A ChatEvent contains only strings and a list of strings, which Jackson always serializes.
            throw new IllegalStateException("chat event could not be serialized", e);
        }
    }
}
