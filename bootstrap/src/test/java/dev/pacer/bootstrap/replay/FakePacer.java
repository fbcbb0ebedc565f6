package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for Pacer's HTTP API on 127.0.0.1 and a free port: it accepts {@code POST
 * /v1/messages} with 202, serves {@code GET /v1/chats/{chatId}/events}, and replies to each message
 * with a typing event and, after {@link #REPLY_DELAY}, a reply event.
 *
 * <p>By default it replies to each user's messages one at a time in order, as Pacer promises.
 * {@link #answerInParallel()} switches to the naive design that Pacer replaces, for tests that
 * expect broken promises.
 */
final class FakePacer implements AutoCloseable {

    static final Duration REPLY_DELAY = Duration.ofMillis(20);

    private final HttpServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ExecutorService> workersByUser = new ConcurrentHashMap<>();
    private final Map<String, EventStream> streamsByChat = new ConcurrentHashMap<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final AtomicInteger messagesBeforeStreamOpen = new AtomicInteger();
    private final Set<String> dropReplies = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final HttpClient webhookClient = HttpClient.newHttpClient();

    private volatile String requiredApiKey;
    private volatile boolean parallel;
    private volatile int rejectStatus;
    private volatile URI webhookUrl;
    private volatile String webhookSecret;
    private volatile boolean repeatWebhookDeliveries;

    private FakePacer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/messages", this::handleMessage);
        server.createContext("/v1/chats/", this::handleEvents);
        server.setExecutor(handlers);
        server.start();
    }

    static FakePacer start() throws IOException {
        return new FakePacer();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakePacer requireApiKey(String apiKey) {
        this.requiredApiKey = apiKey;
        return this;
    }

    /** Sends a typing event for {@code messageId} but never a reply. */
    FakePacer dropReplyTo(String messageId) {
        dropReplies.add(messageId);
        return this;
    }

    /** Rejects every message with {@code status} and a problem-details body. */
    FakePacer rejectMessages(int status) {
        this.rejectStatus = status;
        return this;
    }

    /** Replies to every message at once on its own thread, taking 10 ms per character of its text. */
    FakePacer answerInParallel() {
        this.parallel = true;
        return this;
    }

    /** POSTs events to {@code url}, signed with {@code secret}, instead of streaming them. */
    FakePacer deliverByWebhook(URI url, String secret, boolean repeatEachDelivery) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
        this.repeatWebhookDeliveries = repeatEachDelivery;
        return this;
    }

    List<JsonNode> receivedMessages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    int messagesBeforeStreamOpen() {
        return messagesBeforeStreamOpen.get();
    }

    private boolean authorized(HttpExchange exchange) {
        String key = requiredApiKey;
        return key == null || ("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void handleMessage(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                respond(exchange, 401, "{\"title\":\"Unauthorized\",\"detail\":\"missing or wrong bearer token\"}");
                return;
            }
            if (rejectStatus != 0) {
                respond(exchange, rejectStatus, "{\"title\":\"Rejected\",\"detail\":\"the store is unavailable: retry later\"}");
                return;
            }
            JsonNode body = mapper.readTree(exchange.getRequestBody());
            String chatId = body.path("chatId").asText();
            if (webhookUrl == null && !streamsByChat.containsKey(chatId)) {
                messagesBeforeStreamOpen.incrementAndGet();
            }
            synchronized (received) {
                received.add(body);
            }

            ObjectNode accepted = mapper.createObjectNode()
                    .put("messageId", body.path("messageId").asText())
                    .put("queuePosition", 0);
            respond(exchange, 202, accepted.toString());
            schedule(body);
        }
    }

    private void schedule(JsonNode message) {
        if (parallel) {
            Duration typingTime = Duration.ofMillis(10L * message.path("text").asText().length());
            Thread.startVirtualThread(() -> answer(message, typingTime));
            return;
        }
        workersByUser
                .computeIfAbsent(message.path("userId").asText(),
                        user -> Executors.newSingleThreadExecutor(Thread.ofVirtual().factory()))
                .submit(() -> answer(message, REPLY_DELAY));
    }

    private void answer(JsonNode message, Duration typingTime) {
        try {
            emit("typing", message, null);
            Thread.sleep(typingTime);
            if (!dropReplies.contains(message.path("messageId").asText())) {
                emit("reply", message, "echo: " + message.path("text").asText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("the fake failed to deliver an event", e);
        }
    }

    private void emit(String type, JsonNode message, String text) throws IOException, InterruptedException {
        ObjectNode event = mapper.createObjectNode()
                .put("type", type)
                .put("botId", message.path("botId").asText())
                .put("userId", message.path("userId").asText())
                .put("chatId", message.path("chatId").asText());
        if (text != null) {
            event.put("text", text);
        }
        event.putArray("inReplyTo").add(message.path("messageId").asText());
        event.put("at", Instant.now().toString());

        if (webhookUrl != null) {
            post(event.toString(), message.path("messageId").asText());
            if (repeatWebhookDeliveries) {
                post(event.toString(), message.path("messageId").asText());
            }
            return;
        }
        EventStream stream = streamsByChat.get(message.path("chatId").asText());
        if (stream != null) {
            stream.send(type, event.toString());
        }
    }

    private void post(String body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webhookUrl)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .header("X-Pacer-Signature", "sha256=" + hmac(webhookSecret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        webhookClient.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handleEvents(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (parts.length != 5 || !parts[4].equals("events")) {
            respond(exchange, 404, "{}");
            exchange.close();
            return;
        }
        if (!authorized(exchange)) {
            respond(exchange, 401, "{\"title\":\"Unauthorized\"}");
            exchange.close();
            return;
        }

        String chatId = parts[3];
        EventStream stream = new EventStream(exchange);
        // Register before the headers go out, so no event of a message sent right after is missed.
        synchronized (stream) {
            streamsByChat.put(chatId, stream);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            stream.comment("connected");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streamsByChat.remove(chatId, stream);
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        workersByUser.values().forEach(ExecutorService::shutdownNow);
        handlers.shutdownNow();
        webhookClient.shutdownNow();
    }

    /** One open event stream; writes are serialized so events never interleave. */
    private static final class EventStream {

        private final OutputStream output;

        EventStream(HttpExchange exchange) {
            this.output = exchange.getResponseBody();
        }

        synchronized void send(String name, String data) {
            write("event: " + name + "\ndata: " + data + "\n\n");
        }

        synchronized void comment(String text) {
            write(": " + text + "\n\n");
        }

        private void write(String text) {
            try {
                output.write(text.getBytes(StandardCharsets.UTF_8));
                output.flush();
            } catch (IOException e) {
                // The client closed the stream; later events for this chat are dropped.
            }
        }
    }
}
