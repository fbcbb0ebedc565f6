package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends planned messages to {@code POST /v1/messages}, each on its own virtual thread at its
 * planned time, so a slow response does not delay the sends of other users.
 *
 * <p>A user's message waits until the request for that user's previous message has completed.
 * Without that wait, two requests of one user could overtake each other in flight, and the order
 * Pacer accepted them in, which the order check depends on, would be unknown. Such a wait shows
 * up as send lateness in the summary.
 */
final class MessageSender {

    private final HttpClient client;
    private final PacerEndpoints endpoints;
    private final ObjectMapper mapper;
    private final RunClock clock;
    private final String botId;
    private final Duration requestTimeout;

    MessageSender(HttpClient client, PacerEndpoints endpoints, ObjectMapper mapper, RunClock clock, String botId,
            Duration requestTimeout) {
        this.client = client;
        this.endpoints = endpoints;
        this.mapper = mapper;
        this.clock = clock;
        this.botId = botId;
        this.requestTimeout = requestTimeout;
    }

    /** Sends every message and returns the results in plan order, once the last request has completed. */
    List<SendResult> sendAll(List<PlannedMessage> messages) throws InterruptedException {
        Duration start = clock.elapsed();
        Map<String, CompletableFuture<Void>> previousByUser = new HashMap<>();
        List<Future<SendResult>> futures = new ArrayList<>(messages.size());

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedMessage message : messages) {
                CompletableFuture<Void> previous =
                        previousByUser.getOrDefault(message.userId(), CompletableFuture.completedFuture(null));
                CompletableFuture<Void> done = new CompletableFuture<>();
                previousByUser.put(message.userId(), done);
                Duration scheduledAt = start.plus(message.sendOffset());
                futures.add(executor.submit(() -> {
                    try {
                        clock.sleepUntil(scheduledAt);
                        previous.join();
                        return send(message, scheduledAt);
                    } finally {
                        done.complete(null);
                    }
                }));
            }
        }

        List<SendResult> results = new ArrayList<>(futures.size());
        for (Future<SendResult> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                throw new IllegalStateException("sending a message failed unexpectedly", e.getCause());
            }
        }
        return results;
    }

    private SendResult send(PlannedMessage message, Duration scheduledAt) throws InterruptedException {
        HttpRequest request = endpoints.request(endpoints.messages())
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message)))
                .build();

        Duration sentAt = clock.elapsed();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new SendResult(message, SendResult.Outcome.FAILED, null, 0, problem, scheduledAt, sentAt,
                    clock.elapsed());
        }
        Duration respondedAt = clock.elapsed();

        if (response.statusCode() == 202) {
            String acceptedId = ResponseBodies.field(response.body(), "messageId", mapper);
            return new SendResult(message, SendResult.Outcome.ACCEPTED, acceptedId == null ? message.messageId() : acceptedId,
                    202, null, scheduledAt, sentAt, respondedAt);
        }
        return new SendResult(message, SendResult.Outcome.REJECTED, null, response.statusCode(),
                ResponseBodies.describeProblem(response.body(), mapper), scheduledAt, sentAt, respondedAt);
    }

    private String body(PlannedMessage message) {
        ObjectNode body = mapper.createObjectNode()
                .put("botId", botId)
                .put("userId", message.userId())
                .put("chatId", message.chatId())
                .put("text", message.text())
                .put("messageId", message.messageId());
        return body.toString();
    }
}
