package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpApi#operationsOnly}, the server of an instance that runs only the dispatcher, over real HTTP. */
class OperationsOnlyTest {

    private final AtomicBoolean storeAvailable = new AtomicBoolean(true);
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        client.close();
    }

    @Test
    void healthProbesRespond() {
        start(null);

        HttpResponse<String> live = send(request("/health/live").GET());
        HttpResponse<String> ready = send(request("/health/ready").GET());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.json(live).get("status").asText()).isEqualTo("up");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.json(ready).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void readinessFollowsTheStore() {
        start(null);
        storeAvailable.set(false);

        HttpResponse<String> ready = send(request("/health/ready").GET());

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(ApiFixture.json(ready).get("type").asText()).isEqualTo(Problems.STORE_UNAVAILABLE);
        assertThat(send(request("/health/live").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreScraped() {
        Counter.builder("pacer.replies.sent").register(metrics).increment();
        start(null);

        HttpResponse<String> response = send(request("/metrics").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("pacer_replies_sent_total 1.0");
    }

    @Test
    void metricsNeedApiKeyWhenSet() {
        start(ApiFixture.API_KEY);

        HttpResponse<String> withoutToken = send(request("/metrics").GET());
        HttpResponse<String> withToken = send(request("/metrics").header("Authorization", "Bearer " + ApiFixture.API_KEY).GET());

        assertThat(withoutToken.statusCode()).isEqualTo(401);
        assertThat(withoutToken.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(send(request("/health/live").GET()).statusCode()).isEqualTo(200);
        assertThat(send(request("/health/ready").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void enqueueGets404NamingTheDispatcherRole() {
        start(null);

        HttpResponse<String> response = send(request("/v1/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(Problems.NOT_FOUND);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asText()).contains("/v1/messages", "runs only the dispatcher", "PACER_ROLE is all or api");
    }

    @Test
    void apiEndpointsAreAbsent() {
        start(null);

        for (String path : new String[] {"/v1/stats", "/v1/dead-letters", "/v1/users/u1/queue", "/v1/chats/c1/events", "/nothing"}) {
            HttpResponse<String> response = send(request(path).GET());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(ApiFixture.json(response).get("type").asText()).as(path).isEqualTo(Problems.NOT_FOUND);
        }
    }

    @Test
    void wrongMethodGets405Problem() {
        start(null);

        HttpResponse<String> response = send(request("/health/live").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.METHOD_NOT_ALLOWED);
    }

    @Test
    void stopWorksWithoutEventStreams() {
        start(null);

        assertThatCode(() -> {
            api.stop();
            api.stop();
        }).doesNotThrowAnyException();
        api = null;
    }

    private void start(String apiKey) {
        api = HttpApi.operationsOnly(HttpSettings.of("127.0.0.1", 0, apiKey), storeAvailable::get, metrics).start();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
