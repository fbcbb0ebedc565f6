package dev.pacer.adapters.ai.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Responds to {@code POST .../chat/completions} in the OpenAI wire format, following the stub's
 * script, and records every request it receives, including rejected ones.
 */
final class CompletionHandler implements HttpHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StubScript script;
    private final CallLog calls;
    private final AtomicLong completionIds = new AtomicLong();

    CompletionHandler(StubScript script, CallLog calls) {
        this.script = script;
        this.calls = calls;
    }

    @Override
    public void handle(HttpExchange exchange) {
        calls.enter();
        Exchange current = new Exchange(exchange, calls);
        try (exchange) {
            current.body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(current);
        } catch (IOException e) {
            // The client went away, usually after its own timeout: the call is still recorded.
        } catch (InterruptedException e) {
            // The stub is closing. The flag is kept for the executor that interrupted the thread.
            Thread.currentThread().interrupt();
        } finally {
            current.record();
        }
    }

    private void respond(Exchange current) throws IOException, InterruptedException {
        HttpExchange exchange = current.exchange;
        if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
            current.sendError(404, "invalid_request_error", "Unknown path " + exchange.getRequestURI().getPath());
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            current.sendError(405, "invalid_request_error", "Use POST for chat completions");
            return;
        }
        Thread.sleep(script.latency());

        // The request is checked first so that failed calls are recorded with their user message too.
        JsonNode request = null;
        String problem = null;
        try {
            request = CompletionRequests.validate(current.body);
            current.lastUserMessage = CompletionRequests.lastUserMessage(request);
        } catch (IllegalArgumentException invalid) {
            problem = invalid.getMessage();
        }

        String presented = presentedKey(exchange);
        if (script.requiredApiKey().isPresent() && !script.requiredApiKey().get().equals(presented)) {
            // The presented key is echoed in full, as a careless server might, so that tests can
            // check that clients keep it out of their error messages.
            current.sendError(401, "invalid_request_error", "Incorrect API key provided: " + presented);
            return;
        }

        ScriptedResponse scripted = script.next().orElse(null);
        Duration bodyStall = Duration.ZERO;
        switch (scripted) {
            case ScriptedResponse.Fail fail -> {
                current.sendFailure(fail);
                return;
            }
            case ScriptedResponse.RawBody raw -> {
                current.send(200, null, raw.body());
                return;
            }
            case ScriptedResponse.Hang hang -> Thread.sleep(hang.delay());
            case ScriptedResponse.StallBody stall -> bodyStall = stall.delay();
            case null -> {}
        }

        if (problem != null) {
            current.sendError(400, "invalid_request_error", problem);
            return;
        }
        String completion = completionFor(request.path("model").asText(), current.lastUserMessage);
        if (bodyStall.isZero()) {
            current.send(200, null, completion);
        } else {
            current.sendWithStalledBody(completion, bodyStall);
        }
    }

    private String completionFor(String model, String lastUserMessage) throws IOException {
        String content = "reply to: " + (lastUserMessage == null ? "" : lastUserMessage);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", "chatcmpl-stub-" + completionIds.incrementAndGet());
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        // Word counts stand in for token counts because the stub has no tokenizer.
        int promptTokens = CompletionRequests.wordCount(lastUserMessage);
        int completionTokens = CompletionRequests.wordCount(content);
        root.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return MAPPER.writeValueAsString(root);
    }

    private static String presentedKey(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            return authorization.substring("Bearer ".length());
        }
        return exchange.getRequestHeaders().getFirst("api-key");
    }

    /**
     * One exchange in progress and the values its recorded call will contain. The call is recorded
     * right before the response is sent, so a client that has read the response always finds it in
     * the log.
     */
    private static final class Exchange {

        final HttpExchange exchange;
        final CallLog calls;
        final Instant startedAt = Instant.now();
        String body = "";
        String lastUserMessage;
        int status;
        boolean recorded;

        Exchange(HttpExchange exchange, CallLog calls) {
            this.exchange = exchange;
            this.calls = calls;
        }

        /** Records the call on the first invocation and does nothing on later ones. */
        void record() {
            if (recorded) {
                return;
            }
            recorded = true;
            calls.exit(new RecordedCall(startedAt, Instant.now(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    lowerCaseHeaders(), body, lastUserMessage, status));
        }

        void sendFailure(ScriptedResponse.Fail fail) throws IOException {
            if (fail.body() != null) {
                send(fail.status(), fail.retryAfter(), fail.body());
                return;
            }
            String type = fail.status() >= 500 ? "server_error" : "invalid_request_error";
            sendError(fail.status(), fail.retryAfter(), type, "Stub failure: HTTP " + fail.status());
        }

        void sendError(int code, String type, String message) throws IOException {
            sendError(code, null, type, message);
        }

        void sendError(int code, String retryAfter, String type, String message) throws IOException {
            ObjectNode root = MAPPER.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", message);
            error.put("type", type);
            error.putNull("param");
            error.putNull("code");
            send(code, retryAfter, MAPPER.writeValueAsString(root));
        }

        void send(int code, String retryAfter, String text) throws IOException {
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            sendHeaders(code, text);
            writeBody(text);
        }

        /** Sends a 200 with the headers at once and the body after {@code stall}. */
        void sendWithStalledBody(String text, Duration stall) throws IOException, InterruptedException {
            sendHeaders(200, text);
            exchange.getResponseBody().flush();
            Thread.sleep(stall);
            writeBody(text);
        }

        private void sendHeaders(int code, String text) throws IOException {
            status = code;
            record();
            int length = text.getBytes(StandardCharsets.UTF_8).length;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // A length of -1 means that no body follows, in the JDK server's convention.
            exchange.sendResponseHeaders(code, length == 0 ? -1 : length);
        }

        private Map<String, List<String>> lowerCaseHeaders() {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            return Map.copyOf(headers);
        }

        private void writeBody(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
