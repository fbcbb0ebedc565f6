package dev.pacer.systemtests.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The chat platform's side of Pacer's webhook, on a free port of 127.0.0.1: records every request
 * with its {@code Idempotency-Key}, checks its {@code X-Pacer-Signature} with its own HMAC code,
 * and can be made to fail or to respond slowly for a while. Thread safe.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final String PATH = "/webhook";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String secret;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger repliesInFlight = new AtomicInteger();
    private final RandomGenerator random;

    private volatile Instant failUntil = Instant.MIN;
    private volatile double processedShareWhileFailing;
    private volatile Duration replyDelay = Duration.ZERO;

    private WebhookReceiver(String secret, RandomGenerator random) throws IOException {
        this.secret = secret;
        this.random = random;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a receiver that verifies signatures with {@code secret}. */
    public static WebhookReceiver start(String secret, RandomGenerator random) {
        try {
            return new WebhookReceiver(secret, random);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start the webhook receiver", e);
        }
    }

    /** Returns the URL to configure as {@code PACER_WEBHOOK_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /**
     * Responds 500 to every request for {@code window}. A share {@code processedShare} (0 to 1) of
     * those requests counts as processed before the failure, as when a receiver stores the event and
     * crashes before it responds, so the retry that follows is a repeat.
     */
    public void failFor(Duration window, double processedShare) {
        processedShareWhileFailing = processedShare;
        failUntil = Instant.now().plus(window);
    }

    /** Makes the receiver wait {@code delay} before it responds to each reply event; zero ends it. */
    public void delayReplies(Duration delay) {
        replyDelay = delay;
    }

    /** Returns how many reply requests are waiting out the delay of {@link #delayReplies} right now. */
    public int repliesInFlight() {
        return repliesInFlight.get();
    }

    /** Returns every request received so far, in the order they were responded to. */
    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** Computes the {@code X-Pacer-Signature} value for {@code body}: {@code sha256=} and the hex HMAC. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JDK", e);
        }
    }

    /** Tells, in constant time, whether {@code signature} is the signature of {@code body}. */
    public static boolean verify(String secret, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Instant receivedAt = Instant.now();
            if (!PATH.equals(exchange.getRequestURI().getPath()) || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Pacer-Signature");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            JsonNode event = parse(body);

            boolean failing = receivedAt.isBefore(failUntil);
            boolean processed = !failing || random.nextDouble() < processedShareWhileFailing;
            int status = failing ? 500 : 200;
            if ("reply".equals(event.path("type").asText()) && !replyDelay.isZero()) {
                repliesInFlight.incrementAndGet();
                try {
                    sleep(replyDelay);
                } finally {
                    repliesInFlight.decrementAndGet();
                }
            }

            Instant respondedAt = Instant.now();
            record(new Delivery(sequence.incrementAndGet(), receivedAt, respondedAt, key, signature,
                    verify(secret, body, signature), textOrNull(event, "type"), textOrNull(event, "botId"),
                    textOrNull(event, "userId"), textOrNull(event, "chatId"), textOrNull(event, "text"),
                    ids(event.path("inReplyTo")), textOrNull(event, "at"), body, status, processed));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void record(Delivery delivery) {
        synchronized (deliveries) {
            deliveries.add(delivery);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String textOrNull(JsonNode event, String field) {
        JsonNode value = event.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return List.copyOf(ids);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
