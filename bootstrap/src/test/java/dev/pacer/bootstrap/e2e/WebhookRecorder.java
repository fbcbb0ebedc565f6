package dev.pacer.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pacer.adapters.http.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/** A webhook receiver on 127.0.0.1 that records every event and checks its signature. */
final class WebhookRecorder implements AutoCloseable {

    /** One received event. */
    record Event(String type, String idempotencyKey, boolean signatureValid, JsonNode body, Instant receivedAt) {

        String userId() {
            return body.path("userId").asText();
        }

        String inReplyTo() {
            return body.path("inReplyTo").path(0).asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secret;
    private final HttpServer server;
    private final List<Event> events = new ArrayList<>();

    WebhookRecorder(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", this::record);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void record(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean valid = WebhookSignature.verify(secret, body, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
        JsonNode json = JSON.readTree(body);
        synchronized (this) {
            events.add(new Event(json.path("type").asText(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    valid, json, Instant.now()));
            notifyAll();
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<Event> replies() {
        return events.stream().filter(event -> event.type().equals("reply")).toList();
    }

    /** Waits until at least {@code count} events match, or the timeout passes; returns the matching ones. */
    synchronized List<Event> await(Predicate<Event> condition, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event> matching = events.stream().filter(condition).toList();
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return matching;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
