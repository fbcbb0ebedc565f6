package dev.pacer.adapters.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook endpoint on 127.0.0.1 and a free port that records every request and responds as
 * scripted, then with 200 once the script is used up.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** One scripted response: a status, extra headers and a delay before responding. */
    record ScriptedResponse(int status, Map<String, String> headers, long delayMillis) {

        static ScriptedResponse status(int status) {
            return new ScriptedResponse(status, Map.of(), 0);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<ScriptedResponse> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", this::handle);
        // One thread per request, so a delayed response does not hold up the next attempt.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=query-secret");
    }

    void respondWith(ScriptedResponse... responses) {
        script.addAll(List.of(responses));
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
        ScriptedResponse response = script.poll();
        if (response == null) {
            response = ScriptedResponse.status(200);
        }
        if (response.delayMillis() > 0) {
            try {
                Thread.sleep(response.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        response.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(response.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
