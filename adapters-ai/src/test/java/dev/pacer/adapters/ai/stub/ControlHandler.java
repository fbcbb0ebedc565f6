package dev.pacer.adapters.ai.stub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Programs a stub running in another process over HTTP, under {@code /stub/}: {@code POST
 * latency?ms=}, {@code fail?count=&status=[&retryAfter=]}, {@code hang?count=&ms=}, {@code
 * malformed?count=} (the request body is returned as the completion body), {@code
 * stall-body?count=&ms=}, {@code reset}, and {@code GET calls}.
 */
final class ControlHandler implements HttpHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StubAiServer server;

    ControlHandler(StubAiServer server) {
        this.server = server;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String command = exchange.getRequestURI().getPath().substring("/stub/".length());
            boolean post = "POST".equals(exchange.getRequestMethod());
            Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
            try {
                if ("calls".equals(command) && !post) {
                    reply(exchange, 200, callsJson());
                    return;
                }
                if (!post) {
                    reply(exchange, 405, "{\"error\":\"use POST for /stub/" + command + "\"}");
                    return;
                }
                apply(command, query, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reply(exchange, 200, "{\"ok\":true}");
            } catch (IllegalArgumentException e) {
                ObjectNode error = MAPPER.createObjectNode().put("error", e.getMessage());
                reply(exchange, 400, MAPPER.writeValueAsString(error));
            }
        }
    }

    private void apply(String command, Map<String, String> query, String body) {
        switch (command) {
            case "latency" -> server.latency(Duration.ofMillis(number(query, "ms")));
            case "fail" -> server.failNext(count(query), (int) number(query, "status"), query.get("retryAfter"));
            case "hang" -> server.hangNext(count(query), Duration.ofMillis(number(query, "ms")));
            case "malformed" -> server.malformedNext(count(query), body);
            case "stall-body" -> server.stallBodyNext(count(query), Duration.ofMillis(number(query, "ms")));
            case "reset" -> server.reset();
            default -> throw new IllegalArgumentException("unknown command /stub/" + command);
        }
    }

    private String callsJson() throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("inFlight", server.inFlight());
        root.put("maxConcurrent", server.maxConcurrent());
        ArrayNode list = root.putArray("calls");
        for (RecordedCall call : server.calls()) {
            list.addObject()
                    .put("startedAt", call.startedAt().toString())
                    .put("endedAt", call.endedAt().toString())
                    .put("path", call.path())
                    .put("status", call.status())
                    .put("lastUserMessage", call.lastUserMessage())
                    .put("requestBody", call.requestBody());
        }
        return MAPPER.writeValueAsString(root);
    }

    private static int count(Map<String, String> query) {
        return query.containsKey("count") ? (int) number(query, "count") : 1;
    }

    private static long number(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            throw new IllegalArgumentException("query parameter " + name + " is missing");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter " + name + " is not a whole number: " + value);
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
