package dev.pacer.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.adapters.ai.stub.RecordedCall;
import dev.pacer.adapters.ai.stub.StubAiServer;
import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.bootstrap.Pacer;
import dev.pacer.bootstrap.config.ConfigLoader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole service, built by the same Guice graph as {@code pacer.jar}, on a random port against a
 * private redis-server, the stub AI server and a webhook receiver.
 */
class ServiceEndToEndTest {

    private static final String SECRET = "e2e-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN_DELAY_MS = 100;

    private static RedisServerProcess redis;
    private static StubAiServer ai;
    private static WebhookRecorder webhook;
    private static Pacer pacer;
    private static PacerClient client;

    @BeforeAll
    static void startService() {
        redis = RedisServerProcess.start();
        ai = StubAiServer.start();
        ai.latency(Duration.ofMillis(30));
        webhook = new WebhookRecorder(SECRET);

        Map<String, String> env = new HashMap<>();
        env.put("PACER_HTTP_PORT", "0");
        env.put("PACER_STORE", "redis");
        env.put("PACER_REDIS_URL", redis.url());
        env.put("PACER_REDIS_SHARDS", "16");
        env.put("PACER_AI_BASE_URL", ai.baseUrl());
        env.put("PACER_AI_MODEL", "stub-model");
        env.put("PACER_WEBHOOK_URL", webhook.url());
        env.put("PACER_WEBHOOK_SECRET", SECRET);
        env.put("PACER_DELAY_BASE_MS", "150");
        env.put("PACER_DELAY_PER_CHAR_MS", "1");
        env.put("PACER_DELAY_JITTER_MS", "30");
        env.put("PACER_DELAY_MIN_MS", String.valueOf(MIN_DELAY_MS));
        env.put("PACER_DELAY_MAX_MS", "600");
        env.put("PACER_TYPING_THRESHOLD_MS", "100");
        env.put("PACER_LEASE_TTL_MS", "5000");
        env.put("PACER_AI_TIMEOUT_MS", "5000");
        env.put("PACER_MAX_QUEUED_PER_USER", "50");
        env.put("PACER_MAX_TEXT_LENGTH", "500");
        pacer = Pacer.start(ConfigLoader.load(env), env);
        client = new PacerClient(pacer.httpPort());
    }

    @AfterAll
    static void stopService() {
        pacer.stop();
        webhook.close();
        ai.close();
        redis.close();
    }

    @Test
    void burstFromSeveralUsersGetsOrderedPacedSignedReplies() throws Exception {
        Map<String, List<String>> acceptedByUser = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            for (int user = 0; user < 5; user++) {
                String userId = "burst-" + user;
                HttpResponse<String> response = client.postJson(
                        "{\"userId\":\"" + userId + "\",\"chatId\":\"" + userId + "\",\"text\":\"" + userId + " says " + round + "\"}");
                assertThat(response.statusCode()).isEqualTo(202);
                acceptedByUser.computeIfAbsent(userId, key -> new ArrayList<>())
                        .add(JSON.readTree(response.body()).get("messageId").asText());
            }
        }

        List<WebhookRecorder.Event> replies = webhook.await(
                event -> event.type().equals("reply") && event.userId().startsWith("burst-"), 20, Duration.ofSeconds(60));

        assertThat(replies).hasSize(20);
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.signatureValid()).as("signature").isTrue();
            assertThat(reply.idempotencyKey()).isEqualTo(reply.inReplyTo());
            assertThat(reply.body().get("text").asText()).startsWith("reply to: " + reply.userId());
        });
        acceptedByUser.forEach((userId, ids) -> assertThat(
                replies.stream().filter(reply -> reply.userId().equals(userId)).map(WebhookRecorder.Event::inReplyTo))
                .as("replies of %s in acceptance order", userId)
                .containsExactlyElementsOf(ids));
        assertRepliesOfEachUserArePaced(replies);
        assertAiCallsOfEachUserNeverOverlap();
        assertThat(webhook.events()).anySatisfy(event -> assertThat(event.type()).isEqualTo("typing"));
        assertThat(client.get("/metrics").body()).containsPattern("pacer_replies_sent_total [1-9]");
    }

    @Test
    void duplicateMessageIdEnqueuesNothing() throws Exception {
        String body = "{\"userId\":\"dup-user\",\"chatId\":\"dup-chat\",\"text\":\"once\",\"messageId\":\"dup-1\"}";

        HttpResponse<String> first = client.postJson(body);
        HttpResponse<String> second = client.postJson(body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
        webhook.await(event -> event.type().equals("reply") && event.inReplyTo().equals("dup-1"), 1, Duration.ofSeconds(30));
        Thread.sleep(500);
        assertThat(webhook.replies()).filteredOn(reply -> reply.inReplyTo().equals("dup-1")).hasSize(1);

        HttpResponse<String> afterReply = client.postJson(body);
        assertThat(afterReply.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(client.get("/v1/users/dup-user/queue").body()).get("messages")).isEmpty();
    }

    static Stream<Arguments> malformedRequests() {
        String longText = "x".repeat(501);
        return Stream.of(
                Arguments.of("not JSON", "application/json", "hello", 400, null),
                Arguments.of("truncated JSON", "application/json", "{\"userId\":\"bad-1\",\"chatId\":\"c\"", 400, null),
                Arguments.of("JSON array", "application/json", "[1,2]", 400, null),
                Arguments.of("missing userId", "application/json", "{\"chatId\":\"c\",\"text\":\"t\"}", 400, "userId"),
                Arguments.of("missing chatId", "application/json", "{\"userId\":\"bad-2\",\"text\":\"t\"}", 400, "chatId"),
                Arguments.of("missing text", "application/json", "{\"userId\":\"bad-3\",\"chatId\":\"c\"}", 400, "text"),
                Arguments.of("empty text", "application/json", "{\"userId\":\"bad-4\",\"chatId\":\"c\",\"text\":\"\"}", 400, "text"),
                Arguments.of("text over the limit", "application/json",
                        "{\"userId\":\"bad-5\",\"chatId\":\"c\",\"text\":\"" + longText + "\"}", 400, "text"),
                Arguments.of("text as number", "application/json", "{\"userId\":\"bad-6\",\"chatId\":\"c\",\"text\":5}", 400, "text"),
                Arguments.of("userId as object", "application/json", "{\"userId\":{},\"chatId\":\"c\",\"text\":\"t\"}", 400, "userId"),
                Arguments.of("userId with hash tag", "application/json", "{\"userId\":\"{s1}\",\"chatId\":\"c\",\"text\":\"t\"}", 400, "userId"),
                Arguments.of("userId with colon", "application/json", "{\"userId\":\"a:b\",\"chatId\":\"c\",\"text\":\"t\"}", 400, "userId"),
                Arguments.of("botId with space", "application/json",
                        "{\"botId\":\"a b\",\"userId\":\"bad-7\",\"chatId\":\"c\",\"text\":\"t\"}", 400, "botId"),
                Arguments.of("messageId with star", "application/json",
                        "{\"userId\":\"bad-8\",\"chatId\":\"c\",\"text\":\"t\",\"messageId\":\"m*\"}", 400, "messageId"),
                Arguments.of("unknown type", "application/json",
                        "{\"userId\":\"bad-9\",\"chatId\":\"c\",\"text\":\"t\",\"type\":\"urgent\"}", 400, "type"),
                Arguments.of("unknown field", "application/json",
                        "{\"userId\":\"bad-10\",\"chatId\":\"c\",\"text\":\"t\",\"priority\":1}", 400, "priority"),
                Arguments.of("wrong content type", "text/plain", "{\"userId\":\"bad-11\",\"chatId\":\"c\",\"text\":\"t\"}", 415, null),
                Arguments.of("body over the limit", "application/json",
                        "{\"userId\":\"bad-12\",\"chatId\":\"c\",\"text\":\"" + "y".repeat(70_000) + "\"}", 413, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestIsRejectedAndStoresNothing(
            String name, String contentType, String body, int status, String field) throws Exception {
        long keysBefore = badUserKeys();

        HttpResponse<String> response = client.post("/v1/messages", contentType, body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors")).anySatisfy(error -> assertThat(error.get("field").asText()).isEqualTo(field));
        }
        assertThat(badUserKeys()).isEqualTo(keysBefore).isZero();
    }

    @Test
    void readinessFollowsRedis() {
        assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(client.get("/health/live").statusCode()).isEqualTo(200);
    }

    /** Counts keys that belong to the users of the malformed requests; the test server is private, so KEYS is fine here. */
    private static long badUserKeys() {
        Object keys = redis.command("KEYS", "*bad-*");
        return keys instanceof List<?> list ? list.size() : 0;
    }

    private static void assertRepliesOfEachUserArePaced(List<WebhookRecorder.Event> replies) {
        Map<String, List<WebhookRecorder.Event>> byUser = new HashMap<>();
        replies.forEach(reply -> byUser.computeIfAbsent(reply.userId(), key -> new ArrayList<>()).add(reply));
        byUser.forEach((userId, userReplies) -> {
            for (int i = 1; i < userReplies.size(); i++) {
                Duration gap = Duration.between(userReplies.get(i - 1).receivedAt(), userReplies.get(i).receivedAt());
                // The receiver's clock sees sends a little late or early; 20 ms covers that jitter.
                assertThat(gap.toMillis()).as("gap between replies %d and %d of %s", i, i + 1, userId)
                        .isGreaterThanOrEqualTo(MIN_DELAY_MS - 20);
            }
        });
    }

    private static void assertAiCallsOfEachUserNeverOverlap() {
        Map<String, List<RecordedCall>> byUser = new HashMap<>();
        for (RecordedCall call : ai.calls()) {
            String userId = call.lastUserMessage().split(" ")[0];
            byUser.computeIfAbsent(userId, key -> new ArrayList<>()).add(call);
        }
        byUser.forEach((userId, calls) -> {
            for (int i = 0; i < calls.size(); i++) {
                for (int j = i + 1; j < calls.size(); j++) {
                    assertThat(calls.get(i).overlaps(calls.get(j))).as("AI calls of %s overlap", userId).isFalse();
                }
            }
        });
    }
}
