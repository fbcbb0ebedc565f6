package dev.pacer.adapters.ai;

import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.domain.Message;
import dev.pacer.domain.ReplyFailedException;
import dev.pacer.domain.Turn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates replies with an OpenAI-compatible chat completion API (OpenAI, Azure OpenAI, Ollama,
 * vLLM, the llama.cpp server, LM Studio) over the JDK's HTTP client. It is thread-safe. Close it
 * on shutdown to release the client's connections.
 */
public final class OpenAiReplyGenerator implements ReplyGenerator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenAiReplyGenerator.class);

    private final OpenAiSettings settings;
    private final Clock clock;
    private final HttpClient client;
    private final URI completionsUri;
    private final String endpoint;

    public OpenAiReplyGenerator(OpenAiSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock the time an HTTP-date {@code Retry-After} is measured from */
    public OpenAiReplyGenerator(OpenAiSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.completionsUri = settings.completionsUri();
        this.endpoint = settings.endpointForLogs();
        log.info("AI replies from {} model={} apiKey={} authStyle={} requestTimeout={} ms",
                endpoint, settings.model(), settings.apiKey() == null ? "none" : "set",
                settings.authStyle(), settings.requestTimeout().toMillis());
    }

    @Override
    public String generate(Message message, List<Turn> history) throws ReplyFailedException, InterruptedException {
        HttpRequest request = requestFor(message, history);
        long startNanos = System.nanoTime();

        HttpResponse<String> response = exchange(request, message);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

        if (response.statusCode() < 200 || response.statusCode() > 299) {
            log.debug("conversation={} message={} AI call returned HTTP {} after {} ms",
                    message.conversation(), message.id(), response.statusCode(), tookMillis);
            throw ReplyFailures.forStatus(endpoint, response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.body(), settings.apiKey(), clock);
        }
        try {
            String reply = ChatCompletionJson.replyText(response.body());
            log.debug("conversation={} message={} AI replied in {} ms with {} characters",
                    message.conversation(), message.id(), tookMillis, reply.codePointCount(0, reply.length()));
            return reply;
        } catch (ChatCompletionJson.MalformedResponseException e) {
            log.debug("conversation={} message={} AI call returned HTTP {} without a usable reply: {}",
                    message.conversation(), message.id(), response.statusCode(), e.getMessage());
            throw ReplyFailures.malformed(endpoint, e.getMessage(), response.body(), settings.apiKey(), e);
        }
    }

    /** Closes the HTTP client and aborts the calls in flight. */
    @Override
    public void close() {
        client.shutdownNow();
        client.close();
    }

    private HttpRequest requestFor(Message message, List<Turn> history) {
        byte[] body = ChatCompletionJson.requestBody(settings, message, history);
        HttpRequest.Builder request = HttpRequest.newBuilder(completionsUri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if ("http".equalsIgnoreCase(completionsUri.getScheme())) {
            // Over cleartext the JDK client would ask each new connection to upgrade to HTTP/2
            // (h2c), which model servers rarely support, so requests go out as plain HTTP/1.1.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        if (settings.apiKey() != null) {
            settings.authStyle().authorize(request, settings.apiKey());
        }
        return request.build();
    }

    /**
     * Sends the request and reads the body, all within the request timeout. The JDK client stops
     * the request's own timeout once the headers arrive (checked on JDK 25), so the bounded wait on
     * the future is what limits a stalled body.
     */
    private HttpResponse<String> exchange(HttpRequest request, Message message)
            throws ReplyFailedException, InterruptedException {
        CompletableFuture<HttpResponse<String>> call =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return call.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            log.debug("conversation={} message={} AI call timed out", message.conversation(), message.id());
            throw ReplyFailures.timedOut(endpoint, settings.requestTimeout());
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                log.debug("conversation={} message={} AI call failed", message.conversation(), message.id(), failure);
                throw ReplyFailures.forIo(endpoint, failure, settings);
            }
            throw new IllegalStateException("AI call to " + endpoint + " failed unexpectedly", e.getCause());
        }
    }
}
