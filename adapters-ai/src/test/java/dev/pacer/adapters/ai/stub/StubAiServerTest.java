package dev.pacer.adapters.ai.stub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stub's wire format, scripting, call records and process entry point. */
class StubAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST =
            "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"hi there\"}]}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private StubAiServer stub;

    @BeforeEach
    void startStub() {
        stub = StubAiServer.start();
    }

    @AfterEach
    void stop() {
        stub.close();
        client.close();
    }

    @Test
    void respondsInOpenAiFormat() throws Exception {
        HttpResponse<String> response = post(stub.baseUrl() + "/chat/completions", REQUEST);

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("m");
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("reply to: hi there");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("total_tokens").asInt()).isPositive();
    }

    @Test
    void invalidRequestGetsOpenAiError() throws Exception {
        HttpResponse<String> response = post(stub.baseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("messages");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = post(stub.baseUrl() + "/completions", REQUEST);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void scriptedResponsesAreUsedInOrder() throws Exception {
        stub.failNext(2, 503, "3");
        stub.malformedNext(1, "oops");

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(post(stub.baseUrl() + "/chat/completions", REQUEST));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(503, 503, 200, 200);
        assertThat(responses.get(0).headers().firstValue("Retry-After")).contains("3");
        assertThat(responses.get(2).body()).isEqualTo("oops");
        assertThat(responses.get(3).body()).contains("reply to: hi there");
    }

    @Test
    void recordsEachCall() throws Exception {
        post(stub.baseUrl() + "/chat/completions?api-version=1", REQUEST);

        RecordedCall call = stub.calls().getFirst();
        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.query()).isEqualTo("api-version=1");
        assertThat(call.requestBody()).isEqualTo(REQUEST);
        assertThat(call.lastUserMessage()).isEqualTo("hi there");
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.endedAt()).isAfterOrEqualTo(call.startedAt());
    }

    @Test
    void countsConcurrentCalls() throws Exception {
        stub.latency(Duration.ofMillis(300));

        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    post(stub.baseUrl() + "/chat/completions", REQUEST);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }

        List<RecordedCall> calls = stub.calls();
        assertThat(stub.maxConcurrent()).isEqualTo(4);
        assertThat(stub.inFlight()).isZero();
        assertThat(calls).hasSize(4);
        assertThat(calls.get(0).overlaps(calls.get(3))).isTrue();
        assertThat(calls.get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void controlEndpointsProgramStub() throws Exception {
        HttpResponse<String> programmed = post(
                "http://127.0.0.1:" + stub.port() + "/stub/fail?count=1&status=429&retryAfter=2", "");
        HttpResponse<String> failed = post(stub.baseUrl() + "/chat/completions", REQUEST);
        HttpResponse<String> calls = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stub.port() + "/stub/calls")).build(),
                HttpResponse.BodyHandlers.ofString());

        JsonNode recorded = JSON.readTree(calls.body());
        assertThat(programmed.statusCode()).isEqualTo(200);
        assertThat(failed.statusCode()).isEqualTo(429);
        assertThat(failed.headers().firstValue("Retry-After")).contains("2");
        assertThat(recorded.path("calls").get(0).path("status").asInt()).isEqualTo(429);
        assertThat(recorded.path("calls").get(0).path("lastUserMessage").asText()).isEqualTo("hi there");
        assertThat(recorded.path("maxConcurrent").asInt()).isEqualTo(1);
    }

    @Test
    void mainPrintsBoundPort() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-cp", classpath, StubAiServer.class.getName(), "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(stdout.readLine().strip());

            HttpResponse<String> response = post("http://127.0.0.1:" + port + "/v1/chat/completions", REQUEST);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("reply to: hi there");
        } finally {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
