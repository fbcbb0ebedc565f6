package dev.pacer.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pacer.systemtests.fakes.DeduplicatingConsumer;
import dev.pacer.systemtests.fakes.DeduplicatingConsumer.Verdict;
import dev.pacer.systemtests.fakes.Delivery;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.PacerCluster;
import dev.pacer.systemtests.process.RedisServer;
import dev.pacer.systemtests.workload.PacerClient;
import dev.pacer.systemtests.workload.PlannedMessage;
import dev.pacer.systemtests.workload.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests against one running instance on its own Redis. Each must get a clear 4xx in
 * problem-details JSON, or a bounded response, within seconds. The instance must stay live, and
 * Redis must contain exactly the keys it contained before a rejected request. The queue flood runs
 * last, because its replies keep changing Redis after it ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESPONSE_LIMIT = Duration.ofSeconds(5);
    private static final int MAX_BODY_BYTES = 65_536;
    private static final int MAX_QUEUED = 100;

    private PacerCluster cluster;
    private int port;
    private final PacerClient client = new PacerClient(Duration.ofSeconds(5));

    @BeforeAll
    void startInstance() {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        ClusterSettings settings = ClusterSettings.forFaultRun(RedisServer.Persistence.NONE).withInstances(1);
        cluster = PacerCluster.start(settings, SystemTestConfig.jar(), SystemTestConfig.workDir().resolve("hostile-input"),
                SystemTestConfig.seed());
        port = cluster.instances().getFirst().port();
    }

    @AfterAll
    void stopInstance() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<Arguments> rejectedRequests() {
        String valid = "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}";
        List<Arguments> cases = new ArrayList<>();

        // Malformed and truncated JSON.
        for (String body : List.of("{", "{\"userId\":", "{\"userId\":\"u1\",}", "[1,2", "nul", "{\"userId\" \"u1\"}",
                "{'userId':'u1'}", valid + "}", valid + " trailing", "\"just a string\"", "[]", "42", "null", "",
                "   ", "{\"userId\":\"u1\",\"userId\":\"u2\",\"chatId\":\"c1\",\"text\":\"hi\"}")) {
            cases.add(rejected("malformed JSON " + abbreviate(body), json(body), 400, null));
        }

        // Wrong types, missing and unknown fields.
        cases.add(rejected("userId boolean", json("{\"userId\":true,\"chatId\":\"c1\",\"text\":\"hi\"}"), 400, "userId"));
        cases.add(rejected("userId object", json("{\"userId\":{},\"chatId\":\"c1\",\"text\":\"hi\"}"), 400, "userId"));
        cases.add(rejected("userId array", json("{\"userId\":[\"u1\"],\"chatId\":\"c1\",\"text\":\"hi\"}"), 400, "userId"));
        cases.add(rejected("chatId fraction", json("{\"userId\":\"u1\",\"chatId\":1.5,\"text\":\"hi\"}"), 400, "chatId"));
        cases.add(rejected("userId exponent", json("{\"userId\":1e400,\"chatId\":\"c1\",\"text\":\"hi\"}"), 400, "userId"));
        cases.add(rejected("text number", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":42}"), 400, "text"));
        cases.add(rejected("text null", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":null}"), 400, "text"));
        cases.add(rejected("text blank", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\" \\n\\t \"}"), 400, "text"));
        cases.add(rejected("messageId boolean", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\",\"messageId\":false}"), 400, "messageId"));
        cases.add(rejected("type unknown", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\",\"type\":\"urgent\"}"), 400, "type"));
        cases.add(rejected("type number", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\",\"type\":3}"), 400, "type"));
        cases.add(rejected("botId array", json("{\"botId\":[],\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}"), 400, "botId"));
        cases.add(rejected("every field missing", json("{}"), 400, "userId"));
        cases.add(rejected("chatId missing", json("{\"userId\":\"u1\",\"text\":\"hi\"}"), 400, "chatId"));
        cases.add(rejected("unknown field", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\",\"priority\":1}"), 400, "priority"));
        cases.add(rejected("unpaired surrogate escape", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"\\uD800x\"}"), 400, "text"));

        // Huge bodies, huge texts and deep nesting.
        cases.add(rejected("text over 4096 characters", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"" + "a".repeat(5000) + "\"}"), 400, "text"));
        cases.add(rejected("body over the limit", json("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"" + "a".repeat(MAX_BODY_BYTES) + "\"}"), 413, "body"));
        cases.add(rejected("10 MB body", json("{\"text\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}"), 413, "body"));
        cases.add(rejected("nested 50,000 arrays", json("{\"userId\":" + "[".repeat(50_000) + "}"), 400, "body"));
        cases.add(rejected("nested 10,000 objects", json("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)), 400, "body"));
        cases.add(rejected("chunked body over the limit", chunked("/v1/messages", "application/json", new byte[200_000]), 413, "body"));

        // Invalid UTF-8 inside a JSON string.
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82})) {
            byte[] body = concat("{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"".getBytes(UTF_8), bad, "\"}".getBytes(UTF_8));
            cases.add(rejected("invalid UTF-8 " + hex(bad), RawHttp.post("/v1/messages", "application/json", body), 400, "body"));
        }

        // Ids with characters outside the safe set, in every id field.
        for (String id : List.of("{s1}", "a}", "a:b", "*", "a b", "a\\u0000b", "a\\nb", "a\\tb", "?", "../x", "ü",
                "x".repeat(129), "")) {
            for (String field : List.of("userId", "chatId", "botId", "messageId")) {
                ObjectNode body = JSON.createObjectNode().put("userId", "u1").put("chatId", "c1").put("text", "hi");
                String raw = body.put(field, "@@").toString().replace("\"@@\"", "\"" + id + "\"");
                cases.add(rejected(field + " " + abbreviate(id), json(raw), 400, field));
            }
        }

        // Content types other than JSON in UTF-8.
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=iso-8859-1", "application/jsonp", "application/xml")) {
            cases.add(rejected("Content-Type " + type, RawHttp.post("/v1/messages", type, valid.getBytes(UTF_8)), 415, "Content-Type"));
        }
        cases.add(rejected("no Content-Type", RawHttp.post("/v1/messages", null, valid.getBytes(UTF_8)), 415, "Content-Type"));

        // Ids in paths and queries.
        cases.add(rejected("queue path id with braces", RawHttp.request("GET", "/v1/users/%7Bs1%7D/queue"), 400, "userId"));
        cases.add(rejected("queue path id with a colon", RawHttp.request("GET", "/v1/users/a%3Ab/queue"), 400, "userId"));
        cases.add(rejected("queue path id with a star", RawHttp.request("GET", "/v1/users/%2A/queue"), 400, "userId"));
        cases.add(rejected("queue path id with a space", RawHttp.request("GET", "/v1/users/a%20b/queue"), 400, "userId"));
        cases.add(rejected("queue botId with a colon", RawHttp.request("GET", "/v1/users/u1/queue?botId=a%3Ab"), 400, "botId"));
        cases.add(rejected("dead-letter limit zero", RawHttp.request("GET", "/v1/dead-letters?limit=0"), 400, "limit"));
        cases.add(rejected("dead-letter limit text", RawHttp.request("GET", "/v1/dead-letters?limit=abc"), 400, "limit"));
        cases.add(rejected("dead-letter limit huge", RawHttp.request("GET", "/v1/dead-letters?limit=99999999999"), 400, "limit"));
        cases.add(rejected("replay id with a star", RawHttp.request("POST", "/v1/dead-letters/%2A/replay"), 400, "id"));
        cases.add(rejected("replay unknown id", RawHttp.request("POST", "/v1/dead-letters/dl-0-nothing/replay"), 404, null));
        cases.add(rejected("delete id with a huge shard", RawHttp.request("DELETE", "/v1/dead-letters/dl-99999999999999-x"), 404, null));

        // Broken HTTP.
        cases.add(rejected("wrong method", RawHttp.request("PUT", "/v1/messages"), 405, null));
        cases.add(rejected("unknown path", RawHttp.request("GET", "/v1/nothing"), 404, null));
        cases.add(rejected("negative Content-Length", raw("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: -5\r\nConnection: close\r\n\r\n"), 400, null));
        cases.add(rejected("Content-Length not a number", raw("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: abc\r\nConnection: close\r\n\r\n"), 400, null));
        cases.add(rejected("Content-Length and chunked together", raw("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "0\r\n\r\n"), 400, null));
        cases.add(rejected("body shorter than Content-Length", raw("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"userId\":"), 400, null));
        cases.add(rejected("request line over 20 KB", RawHttp.request("GET", "/v1/users/" + "a".repeat(20_000) + "/queue"), 414, null));
        cases.add(rejected("header over 20 KB", raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), 431, null));
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedRequests")
    void rejectedRequestLeavesNoTrace(String name, byte[] request, int expectedStatus, String expectedField) throws Exception {
        Map<String, String> before = stableSnapshot();

        RawHttp.Response response = RawHttp.exchange(port, request, RESPONSE_LIMIT.plusSeconds(5));

        assertThat(response.elapsed()).as("time to respond").isLessThan(RESPONSE_LIMIT);
        assertThat(response.status()).as("status, body %s", response.body()).isEqualTo(expectedStatus);
        assertThat(response.header("Content-Type")).as("media type").startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).as("problem type").startsWith("urn:pacer:problem:");
        assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(expectedStatus);
        assertThat(problem.path("detail").asText()).as("problem detail").isNotBlank();
        if (expectedField != null) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            assertThat(fields).as("fields named in %s", response.body()).contains(expectedField);
        }
        assertThat(cluster.redis().snapshot()).as("Redis keys after the rejected request").isEqualTo(before);
        assertLive();
    }

    @Order(2)
    @Test
    void hostileButValidTextRoundTrips() throws Exception {
        String text = "NUL\u0000 bell\u0007 rtl\u202Eoverride emoji👍🏽 keys {s1}:q:*? quote\" backslash\\ newline\n end";
        String longText = "😀".repeat(4096);
        List<String> texts = List.of(text, longText);

        for (int i = 0; i < texts.size(); i++) {
            ObjectNode body = JSON.createObjectNode()
                    .put("userId", 123456789012L + i)
                    .put("chatId", -1001234567890L)
                    .put("text", texts.get(i))
                    .put("messageId", "valid-" + i + "-" + "x".repeat(100));
            RawHttp.Response response = RawHttp.exchange(port,
                    RawHttp.post("/v1/messages", "application/json; charset=utf-8", JSON.writeValueAsBytes(body)), RESPONSE_LIMIT);
            assertThat(response.status()).as("status of valid message %d: %s", i, response.body()).isEqualTo(202);
        }

        for (int i = 0; i < texts.size(); i++) {
            Delivery reply = awaitReply("valid-" + i + "-" + "x".repeat(100), Duration.ofSeconds(15));
            assertThat(reply.text()).as("reply text %d", i).isEqualTo("reply to: " + texts.get(i));
            assertThat(reply.userId()).as("numeric user id %d", i).isEqualTo(Long.toString(123456789012L + i));
            assertThat(reply.chatId()).as("numeric chat id %d", i).isEqualTo("-1001234567890");
        }
    }

    /**
     * Shows why a receiver needs the {@code Idempotency-Key}: a captured webhook request replayed
     * byte for byte still carries a valid signature, so only the key lets the receiver drop it.
     * The signature covers the body but not the key header, so a receiver must also check that a
     * reply's key equals the signed {@code inReplyTo[0]}.
     */
    @Order(3)
    @Test
    void replayedWebhookIsDroppedByItsKey() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("userId", "replay-user").put("chatId", "replay-chat")
                .put("text", "replay probe").put("messageId", "replay-probe-1");
        assertThat(client.enqueue(cluster.instances().getFirst().baseUri(),
                new PlannedMessage(0, 0, "default", "replay-user", "replay-chat",
                        "replay-probe-1", "replay probe")).status()).isEqualTo(202);
        Delivery original = awaitReply("replay-probe-1", Duration.ofSeconds(15));
        String secret = cluster.settings().webhookSecret();

        DeduplicatingConsumer consumer = new DeduplicatingConsumer(secret, true);
        Verdict first = consumer.consume(original.idempotencyKey(), original.body(), original.signature());
        Verdict replay = consumer.consume(original.idempotencyKey(), original.body(), original.signature());
        byte[] tampered = new String(original.body(), UTF_8).replace("replay probe", "tampered").getBytes(UTF_8);
        Verdict tamperedVerdict = consumer.consume(original.idempotencyKey(), tampered, original.signature());
        Verdict newKey = consumer.consume("forged-key", original.body(), original.signature());
        Verdict newKeyHeaderOnly = new DeduplicatingConsumer(secret, false)
                .consume("forged-key", original.body(), original.signature());

        assertThat(original.signatureValid()).as("signature of the original").isTrue();
        assertThat(replayToReceiver(original).signatureValid()).as("signature of a byte-for-byte replay").isTrue();
        assertThat(first).as("first delivery").isEqualTo(Verdict.PROCESSED);
        assertThat(replay).as("replay with the same key").isEqualTo(Verdict.DROPPED_REPEAT);
        assertThat(tamperedVerdict).as("tampered body").isEqualTo(Verdict.REJECTED_SIGNATURE);
        assertThat(newKey).as("replay with a new key, key bound to the body").isEqualTo(Verdict.REJECTED_KEY_MISMATCH);
        assertThat(newKeyHeaderOnly).as("replay with a new key, header trusted alone").isEqualTo(Verdict.PROCESSED);
    }

    /**
     * Holds many connections that send their request a byte at a time and checks that other
     * clients are served quickly meanwhile and that nothing reaches Redis.
     */
    @Order(4)
    @Test
    void slowClientsDoNotBlockOthers() throws Exception {
        Map<String, String> before = stableSnapshot();
        List<Socket> slow = new ArrayList<>();
        ExecutorService drippers = Executors.newVirtualThreadPerTaskExecutor();
        List<Duration> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = connect();
                slow.add(socket);
                boolean headersOnly = i % 3 == 0;
                drippers.execute(() -> drip(socket, headersOnly, Duration.ofMillis(500)));
            }

            Instant end = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(end)) {
                long started = System.nanoTime();
                RawHttp.Response live = RawHttp.exchange(port, RawHttp.request("GET", "/health/live"), RESPONSE_LIMIT);
                latencies.add(Duration.ofNanos(System.nanoTime() - started));
                assertThat(live.status()).as("health while slow clients are connected").isEqualTo(200);
                Thread.sleep(250);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            drippers.shutdownNow();
        }
        latencies.sort(null);

        assertThat(latencies.getLast()).as("slowest health check among %d", latencies.size())
                .isLessThan(Duration.ofSeconds(1));
        assertThat(cluster.redis().snapshot()).as("Redis keys after the slow clients").isEqualTo(before);
        assertLive();
    }

    /**
     * Sends a request whose body trickles in one byte per second and never completes. The server
     * must end it within a bounded time, not keep the connection for as long as bytes keep coming.
     */
    @Order(5)
    @Test
    void tricklingBodyIsCutOff() throws Exception {
        // Jetty closes an idle connection after 30 s, so a trickling one should not outlive that by much.
        Duration bound = Duration.ofSeconds(35);
        try (Socket socket = connect()) {
            Instant started = Instant.now();
            Optional<Duration> endedAfter = dripUntilAnswered(socket, Duration.ofSeconds(1), bound);

            assertThat(endedAfter).as("time until the server answered or closed a request trickling one byte per second"
                    + " (started %s)", started).isPresent();
        }
        assertLive();
    }

    @Order(6)
    @Test
    void floodOfOneConversationIsCappedAt429() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI messages = cluster.instances().getFirst().baseUri().resolve("/v1/messages");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong longestQueue = new AtomicLong();
        String queueKey = queueKeyOf("default", "flood-user");

        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Object length = cluster.redis().command("LLEN", queueKey);
                longestQueue.accumulateAndGet((Long) length, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Instant started = Instant.now();
        try (ExecutorService senders = Executors.newFixedThreadPool(32, Thread.ofVirtual().factory())) {
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                senders.execute(() -> {
                    String body = "{\"userId\":\"flood-user\",\"chatId\":\"flood-chat\",\"text\":\"flood " + n
                            + "\",\"messageId\":\"flood-" + n + "\"}";
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(messages)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() == 429) {
                            assertThat(response.headers().firstValue("Retry-After")).as("Retry-After on 429").isPresent();
                        }
                    } catch (IOException | InterruptedException | AssertionError e) {
                        failures.incrementAndGet();
                    }
                });
            }
            senders.shutdown();
            assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).as("flood finished").isTrue();
        } finally {
            watcher.interrupt();
        }
        Duration took = Duration.between(started, Instant.now());

        int accepted = statuses.getOrDefault(202, new AtomicInteger()).get();
        System.out.printf("flood of 10,000 messages for one conversation in %d ms: statuses %s, failures %d,"
                + " longest queue %d%n", took.toMillis(), statuses, failures.get(), longestQueue.get());
        assertThat(failures.get()).as("requests without a response").isZero();
        assertThat(statuses.keySet()).as("statuses").containsOnly(202, 429);
        assertThat(accepted).as("accepted messages").isGreaterThanOrEqualTo(MAX_QUEUED);
        assertThat(statuses.getOrDefault(429, new AtomicInteger()).get()).as("429 responses").isGreaterThan(5_000);
        assertThat(longestQueue.get()).as("longest queue seen in Redis").isLessThanOrEqualTo(MAX_QUEUED);
        assertThat(acceptedIdKeys("default", "flood-user")).as("accepted-id keys in Redis, one per 202").isEqualTo(accepted);
        assertThat(client.enqueue(cluster.instances().getFirst().baseUri(),
                new PlannedMessage(0, 0, "default", "after-flood", "c1", "after-flood-1",
                        "still there?")).status()).as("another conversation after the flood").isEqualTo(202);
        assertLive();
    }

    // ---- helpers ----

    private static Arguments rejected(String name, byte[] request, int status, String field) {
        return Arguments.of(name, request, status, field);
    }

    private static byte[] json(String body) {
        return RawHttp.post("/v1/messages", "application/json", body.getBytes(UTF_8));
    }

    private static byte[] raw(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] chunked(String path, String contentType, byte[] body) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int offset = 0; offset < body.length; offset += 8192) {
            int size = Math.min(8192, body.length - offset);
            request.append(Integer.toHexString(size)).append("\r\n").append("a".repeat(size)).append("\r\n");
        }
        request.append("0\r\n\r\n");
        return raw(request.toString());
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    private static String abbreviate(String text) {
        String escaped = text.replace("\n", "\\n").replace("\t", "\\t");
        return escaped.length() <= 40 ? "'" + escaped + "'" : "'" + escaped.substring(0, 37) + "...'";
    }

    /** Waits until nothing is due or leased and two key snapshots 150 ms apart agree, then returns the second. */
    private Map<String, String> stableSnapshot() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        Map<String, String> previous = cluster.redis().snapshot();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(150);
            Map<String, String> current = cluster.redis().snapshot();
            JsonNode stats = client.stats(cluster.instances().getFirst().baseUri());
            boolean idle = stats.path("dueConversations").asLong() == 0 && stats.path("leasedConversations").asLong() == 0;
            if (idle && current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        throw new IllegalStateException("Redis did not settle within 30 s");
    }

    private void assertLive() throws Exception {
        RawHttp.Response live = RawHttp.exchange(port, RawHttp.request("GET", "/health/live"), RESPONSE_LIMIT);
        assertThat(live.status()).as("/health/live afterwards").isEqualTo(200);
        RawHttp.Response ready = RawHttp.exchange(port, RawHttp.request("GET", "/health/ready"), RESPONSE_LIMIT);
        assertThat(ready.status()).as("/health/ready afterwards").isEqualTo(200);
    }

    private Delivery awaitReply(String messageId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Delivery delivery : cluster.webhook().deliveries()) {
                if (delivery.isReply() && messageId.equals(delivery.messageId())) {
                    return delivery;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no reply to " + messageId + " within " + timeout.toSeconds() + " s");
    }

    /**
     * Returns a conversation's queue key in the layout the Redis adapter documents: {@code
     * pacer:{s<shard>}:q:<botId>:<userId>} with the shard {@code CRC32("botId:userId") mod 256}.
     */
    private static String queueKeyOf(String botId, String userId) {
        return "pacer:{s" + shardOf(botId, userId) + "}:q:" + botId + ":" + userId;
    }

    private static int shardOf(String botId, String userId) {
        CRC32 crc = new CRC32();
        crc.update((botId + ":" + userId).getBytes(UTF_8));
        return (int) (crc.getValue() % 256);
    }

    /** Counts the keys that record accepted message ids of a conversation. */
    private long acceptedIdKeys(String botId, String userId) {
        return cluster.redis().keys("pacer:{s" + shardOf(botId, userId) + "}:ids:" + botId + ":" + userId + ":*").size();
    }

    private Delivery replayToReceiver(Delivery original) throws IOException, InterruptedException {
        HttpRequest replay = HttpRequest.newBuilder(cluster.webhook().url())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", original.idempotencyKey())
                .header("X-Pacer-Signature", original.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(original.body()))
                .build();
        HttpClient.newHttpClient().send(replay, HttpResponse.BodyHandlers.discarding());
        List<Delivery> all = cluster.webhook().deliveries();
        return all.getLast();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        return socket;
    }

    private static byte[] slowRequest(boolean headersOnly) {
        if (headersOnly) {
            return raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(4000) + "\r\n\r\n");
        }
        String body = "{\"userId\":\"slow\",\"chatId\":\"slow\",\"text\":\"" + "a".repeat(4000) + "\"}";
        return raw("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
    }

    private static void drip(Socket socket, boolean headersOnly, Duration interval) {
        byte[] request = slowRequest(headersOnly);
        try {
            OutputStream out = socket.getOutputStream();
            int headerEnd = new String(request, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
            int start = headersOnly ? 0 : headerEnd;
            out.write(request, 0, start);
            for (int i = start; i < request.length; i++) {
                out.write(request[i]);
                out.flush();
                Thread.sleep(interval);
            }
        } catch (IOException | InterruptedException e) {
            // The server closed the connection or the test ended: both end the drip.
        }
    }

    /** Drips a never-ending body until the server responds or closes, or {@code bound} passes. */
    private static Optional<Duration> dripUntilAnswered(Socket socket, Duration interval, Duration bound) throws IOException {
        byte[] request = slowRequest(false);
        long started = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout((int) interval.toMillis());
        int headerEnd = new String(request, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        out.write(request, 0, headerEnd);
        for (int i = headerEnd; System.nanoTime() - started < bound.toNanos(); i++) {
            try {
                out.write(request[Math.min(i, request.length - 2)]);
                out.flush();
            } catch (IOException e) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - started));
            }
            try {
                if (in.read() != Integer.MIN_VALUE) {
                    return Optional.of(Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (SocketTimeoutException e) {
                // Nothing from the server yet; send the next byte.
            } catch (IOException e) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - started));
            }
        }
        return Optional.empty();
    }
}
