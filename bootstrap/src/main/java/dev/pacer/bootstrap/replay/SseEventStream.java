package dev.pacer.bootstrap.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Follows {@code GET /v1/chats/{chatId}/events} for every chat of the run, one virtual thread per
 * stream, and records each {@code typing} and {@code reply} event in the event log.
 *
 * <p>A stream that ends or breaks after it was open is opened again after {@link #RECONNECT_PAUSE}
 * and counted as a reconnect.
 */
final class SseEventStream implements EventSource {

    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private final PacerEndpoints endpoints;
    private final ObjectMapper mapper;
    private final EventLog log;
    private final Duration connectTimeout;
    private final PrintStream progress;
    private final HttpClient client;
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private final EventSourceStats.Counters counters = new EventSourceStats.Counters();
    private volatile boolean closed;

    /**
     * @param connectTimeout maximum time for a stream to connect and return its response headers
     * @param progress where reconnects are reported
     */
    SseEventStream(PacerEndpoints endpoints, ObjectMapper mapper, EventLog log, Duration connectTimeout,
            PrintStream progress) {
        this.endpoints = endpoints;
        this.mapper = mapper;
        this.log = log;
        this.connectTimeout = connectTimeout;
        this.progress = progress;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public void start(SequencedSet<String> chatIds) throws ReplayFailedException, InterruptedException {
        Map<String, CompletableFuture<Void>> openedByChat = new LinkedHashMap<>();
        for (String chatId : chatIds) {
            CompletableFuture<Void> opened = new CompletableFuture<>();
            openedByChat.put(chatId, opened);
            readers.submit(() -> follow(chatId, opened));
        }

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Void>> chat : openedByChat.entrySet()) {
            try {
                chat.getValue().get();
            } catch (ExecutionException e) {
                failures.add("chat " + chat.getKey() + ": " + e.getCause().getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new ReplayFailedException("could not open " + failures.size() + " of " + chatIds.size()
                    + " event streams, first " + failures.getFirst());
        }
    }

    /** Reads one chat's stream until the source closes, and completes {@code opened} once the first response is in. */
    private void follow(String chatId, CompletableFuture<Void> opened) {
        HttpRequest request = endpoints.request(endpoints.chatEvents(chatId))
                .timeout(connectTimeout)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        boolean reportedReconnect = false;

        while (!closed) {
            try {
                HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> lines = response.body()) {
                    if (response.statusCode() != 200) {
                        String body = lines.limit(20).collect(Collectors.joining("\n"));
                        String problem = "GET " + request.uri() + " returned HTTP " + response.statusCode()
                                + (body.isBlank() ? "" : ": " + ResponseBodies.describeProblem(body, mapper));
                        if (!opened.isDone()) {
                            opened.completeExceptionally(new IOException(problem));
                            return;
                        }
                        throw new IOException(problem);
                    }
                    opened.complete(null);
                    SseParser parser = new SseParser(this::onEvent);
                    lines.forEach(parser::accept);
                }
            } catch (IOException | UncheckedIOException e) {
                if (!opened.isDone()) {
                    opened.completeExceptionally(new IOException("GET " + request.uri() + " failed: " + describe(e), e));
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }

            if (closed) {
                return;
            }
            counters.reconnects.incrementAndGet();
            if (!reportedReconnect) {
                // NOTE: events sent while the stream is down are not replayed, so they count as lost or missing.
                progress.println("replay: the event stream of chat " + chatId + " ended; reconnecting");
                reportedReconnect = true;
            }
            try {
                Thread.sleep(RECONNECT_PAUSE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onEvent(String name, String data) {
        if (closed) {
            return;
        }
        try {
            PacerEvent.parse(name, data, mapper).ifPresentOrElse(log::record, counters.ignoredEvents::incrementAndGet);
        } catch (PacerEvent.MalformedEventException e) {
            counters.malformedEvents.incrementAndGet();
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public EventSourceStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        closed = true;
        client.shutdownNow();
        readers.shutdownNow();
        try {
            if (!readers.awaitTermination(5, TimeUnit.SECONDS)) {
                progress.println("replay: some event streams did not close within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
