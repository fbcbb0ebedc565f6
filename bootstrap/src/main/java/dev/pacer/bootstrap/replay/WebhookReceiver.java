package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receives Pacer's webhook POSTs on any path and records their typing and reply events.
 *
 * <p>With a secret, a POST whose {@code X-Pacer-Signature} is not {@code sha256=} and the hex
 * HMAC-SHA256 of the raw body gets 401 and is not recorded. A POST whose {@code Idempotency-Key}
 * was already seen for the same event type gets 200 and is dropped, as Pacer's receivers are
 * expected to drop a reply sent again after a crash. Recorded events get 204.
 */
final class WebhookReceiver implements EventSource {

    static final int MAX_BODY_BYTES = 1 << 20;

    private final InetSocketAddress address;
    private final byte[] secret;
    private final ObjectMapper mapper;
    private final EventLog log;
    private final EventSourceStats.Counters counters = new EventSourceStats.Counters();
    private final Set<String> seenKeys = ConcurrentHashMap.newKeySet();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private volatile boolean closed;

    /** @param secret the HMAC key, or null to accept POSTs without checking their signature */
    WebhookReceiver(InetSocketAddress address, String secret, ObjectMapper mapper, EventLog log) {
        this.address = address;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
        this.log = log;
    }

    @Override
    public void start(SequencedSet<String> chatIds) throws ReplayFailedException {
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new ReplayFailedException("cannot listen on " + address + " for webhook POSTs: " + e.getMessage()
                    + "; choose a free --listen address", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** Returns the bound address, whose port differs from the requested one when that was 0. */
    InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405);
                return;
            }
            Optional<byte[]> body = readBody(exchange.getRequestBody());
            if (body.isEmpty()) {
                respond(exchange, 413);
                return;
            }
            if (secret != null && !hasValidSignature(exchange.getRequestHeaders().getFirst("X-Pacer-Signature"), body.get())) {
                counters.invalidSignatures.incrementAndGet();
                respond(exchange, 401);
                return;
            }

            Optional<PacerEvent> event;
            try {
                event = PacerEvent.parse(null, new String(body.get(), StandardCharsets.UTF_8), mapper);
            } catch (PacerEvent.MalformedEventException e) {
                counters.malformedEvents.incrementAndGet();
                respond(exchange, 400);
                return;
            }
            if (event.isEmpty()) {
                counters.ignoredEvents.incrementAndGet();
                respond(exchange, 204);
                return;
            }

            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null && !seenKeys.add(event.get().type() + " " + key)) {
                counters.repeatedDeliveries.incrementAndGet();
                respond(exchange, 200);
                return;
            }
            if (!closed) {
                log.record(event.get());
            }
            respond(exchange, 204);
        }
    }

    /** Returns the body, or empty when it is larger than {@link #MAX_BODY_BYTES}. */
    private static Optional<byte[]> readBody(InputStream input) throws IOException {
        byte[] body = input.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(body);
    }

    boolean hasValidSignature(String header, byte[] body) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] expected = ("sha256=" + sign(secret, body)).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = header.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Returns the lower-case hex HMAC-SHA256 of {@code body}. */
    static String sign(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable for a key of " + key.length + " bytes", e);
        }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public EventSourceStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
    }
}
