package dev.pacer.systemtests.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The calls the system tests make on Pacer's HTTP API, over the JDK client. Thread safe. */
public final class PacerClient {

    /** A response: its status and body as text. */
    public record Response(int status, String body, String retryAfter) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("response body is not JSON: " + body, e);
            }
        }
    }

    /** One dead letter as {@code GET /v1/dead-letters} lists it. */
    public record DeadLetterView(String id, String botId, String userId, String messageId, String reason, String error,
            int attempts) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final Duration requestTimeout;

    public PacerClient(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /**
     * Posts {@code message} to {@code POST /v1/messages} of the instance at {@code base}.
     *
     * @throws IOException when the instance cannot be reached or does not respond in time
     */
    public Response enqueue(URI base, PlannedMessage message) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("botId", message.botId())
                .put("userId", message.userId())
                .put("chatId", message.chatId())
                .put("text", message.text())
                .put("messageId", message.messageId());
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/messages"))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return send(request);
    }

    /** Sends a GET and returns the response. */
    public Response get(URI base, String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(requestTimeout).GET().build());
    }

    /** Lists up to 1000 dead letters, the API's maximum page, oldest first. */
    public List<DeadLetterView> deadLetters(URI base) throws IOException, InterruptedException {
        Response response = get(base, "/v1/dead-letters?limit=1000");
        requireOk(response, "GET /v1/dead-letters");
        List<DeadLetterView> letters = new ArrayList<>();
        for (JsonNode letter : response.json().path("deadLetters")) {
            letters.add(new DeadLetterView(letter.path("id").asText(), letter.path("botId").asText(),
                    letter.path("userId").asText(), letter.path("messageId").asText(null),
                    letter.path("reason").asText(), letter.path("error").asText(), letter.path("attempts").asInt()));
        }
        return letters;
    }

    /** Returns the message ids still queued for a conversation, head first. */
    public List<String> pending(URI base, String botId, String userId) throws IOException, InterruptedException {
        Response response = get(base, "/v1/users/" + encode(userId) + "/queue?botId=" + encode(botId));
        requireOk(response, "GET /v1/users/" + userId + "/queue");
        List<String> ids = new ArrayList<>();
        response.json().path("messages").forEach(message -> ids.add(message.path("messageId").asText()));
        return ids;
    }

    /** Returns {@code GET /v1/stats}: due and leased conversations and dead letters. */
    public JsonNode stats(URI base) throws IOException, InterruptedException {
        Response response = get(base, "/v1/stats");
        requireOk(response, "GET /v1/stats");
        return response.json();
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private static void requireOk(Response response, String call) throws IOException {
        if (response.status() != 200) {
            throw new IOException(call + " responded " + response.status() + ": " + response.body());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
