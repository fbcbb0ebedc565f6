package dev.pacer.adapters.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test client of one server-sent event stream, reading its lines on a virtual thread. */
final class EventStream implements AutoCloseable {

    /** Marks the end of the response in {@link #lines}. */
    static final String END = "<end of stream>";

    final HttpResponse<Stream<String>> response;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            } catch (UncheckedIOException e) {
                // The test closed the stream or the server went away, and both end the stream.
            } finally {
                lines.add(END);
            }
        });
    }

    static EventStream open(HttpClient client, HttpRequest request) {
        try {
            return new EventStream(client.send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Returns the next line, waiting up to {@code millis}, or null when none came. */
    String nextLine(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Returns the next event as its lines ({@code event: ...}, {@code data: ...}), skipping comments. */
    List<String> nextEvent(long millis) throws InterruptedException {
        List<String> event = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            String line = nextLine(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (line == null || line.equals(END)) {
                return event;
            }
            if (line.startsWith(":")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!event.isEmpty()) {
                    return event;
                }
                continue;
            }
            event.add(line);
        }
        return event;
    }

    /** Waits for the comment the server sends once the subscription is registered. */
    void awaitConnected() throws InterruptedException {
        String line = nextLine(5_000);
        if (!": connected".equals(line)) {
            throw new AssertionError("expected the connected comment, got " + line);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        response.body().close();
    }
}
