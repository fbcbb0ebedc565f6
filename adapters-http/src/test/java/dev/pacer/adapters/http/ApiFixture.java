package dev.pacer.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.adapters.memory.InMemoryStore;
import dev.pacer.application.EnqueueMessage;
import dev.pacer.application.InspectQueues;
import dev.pacer.application.QueueStats;
import dev.pacer.application.ReplayDeadLetters;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.domain.TextLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * A running {@link HttpApi} on 127.0.0.1 and a free port, over an {@link InMemoryStore} that an
 * {@link Outage} can cut off, with a JDK HTTP client to call it.
 */
final class ApiFixture implements AutoCloseable {

    static final int MAX_QUEUED = 3;
    static final String API_KEY = "test-key-7d1f";

    final InMemoryStore store = new InMemoryStore();
    final Outage outage = new Outage();
    final SseChatEvents chatEvents =
            new SseChatEvents(new SseSettings(Duration.ofMillis(200), 4, 8), Clock.systemUTC());
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final MicrometerDispatchObserver observer;
    final HttpApi api;

    private ApiFixture(HttpSettings settings) {
        ConversationQueue queue = outage.wrap(ConversationQueue.class, store);
        DeadLetterStore deadLetters = outage.wrap(DeadLetterStore.class, store);
        this.observer = new MicrometerDispatchObserver(metrics, new QueueStats(queue, deadLetters));
        this.api = new HttpApi(
                settings,
                new EnqueueMessage(queue, new TextLimits(TextLimits.DEFAULT_MAX_LENGTH), MAX_QUEUED, Clock.systemUTC()),
                new InspectQueues(queue, deadLetters),
                new ReplayDeadLetters(deadLetters),
                new QueueStats(queue, deadLetters),
                () -> !outage.active(),
                chatEvents,
                metrics);
        api.start();
    }

    static ApiFixture withoutKey() {
        return new ApiFixture(HttpSettings.of("127.0.0.1", 0, null));
    }

    static ApiFixture withKey() {
        return new ApiFixture(HttpSettings.of("127.0.0.1", 0, API_KEY));
    }

    /** Starts the API without a key, with the given body read timeout and connection limit. */
    static ApiFixture withLimits(Duration bodyReadTimeout, int maxConnections) {
        return new ApiFixture(new HttpSettings("127.0.0.1", 0, null, HttpSettings.DEFAULT_MAX_BODY_BYTES,
                bodyReadTimeout, maxConnections));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    HttpResponse<String> postJson(String path, String json, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    HttpResponse<String> post(String path, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("response is not JSON: " + response.body(), e);
        }
    }

    /** Tells whether no conversation in the store has a queued message. */
    boolean storeIsEmpty() {
        return store.counts().dueConversations() == 0 && store.counts().leasedConversations() == 0;
    }

    @Override
    public void close() {
        api.stop();
        client.close();
    }
}
