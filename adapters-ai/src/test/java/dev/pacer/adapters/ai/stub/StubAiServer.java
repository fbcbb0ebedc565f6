package dev.pacer.adapters.ai.stub;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for an OpenAI-compatible chat completion API, for tests: it listens on
 * 127.0.0.1, responds to {@code POST <any prefix>/chat/completions} with the completion {@code
 * "reply to: <last user message>"}, follows programmed failures, and records every call.
 *
 * <p>Programmed responses ({@link #failNext}, {@link #hangNext}, {@link #malformedNext}, {@link
 * #stallBodyNext}) are used up one per call, in the order they were programmed; after them the
 * stub responds normally. The {@link #latency} applies to every call. Each handler runs on its own
 * virtual thread, so concurrent calls are served concurrently. Thread-safe.
 *
 * <p>Another process starts it with {@link #main}; the {@code /stub/} endpoints described on
 * {@link ControlHandler} program it and read its calls over HTTP.
 */
public final class StubAiServer implements AutoCloseable {

    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final StubScript script = new StubScript();
    private final CallLog calls = new CallLog();

    private StubAiServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new CompletionHandler(script, calls));
        server.createContext("/stub/", new ControlHandler(this));
        server.start();
    }

    /** Starts a stub on a free port of 127.0.0.1. */
    public static StubAiServer start() {
        return start(0);
    }

    /** Starts a stub on {@code port} of 127.0.0.1. Port 0 picks a free port. */
    public static StubAiServer start(int port) {
        try {
            return new StubAiServer(port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the stub AI server on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the base URL to configure a client with, {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Sets the wait before the stub responds to any call. The default is zero. */
    public void latency(Duration latency) {
        script.latency(Objects.requireNonNull(latency, "latency"));
    }

    /** Responds to the next {@code count} calls with {@code status} and an OpenAI error body. */
    public void failNext(int count, int status) {
        failNext(count, status, null);
    }

    /**
     * Responds to the next {@code count} calls with {@code status} and an OpenAI error body.
     *
     * @param retryAfter the raw {@code Retry-After} header value (seconds or an HTTP-date), or null
     *     to send none
     */
    public void failNext(int count, int status, String retryAfter) {
        script.enqueue(count, new ScriptedResponse.Fail(requireStatus(status), retryAfter, null));
    }

    /** Responds to the next {@code count} calls with {@code status} and {@code body} as it is. */
    public void failNextWithBody(int count, int status, String body) {
        script.enqueue(count, new ScriptedResponse.Fail(requireStatus(status), null, Objects.requireNonNull(body)));
    }

    /** Makes each of the next {@code count} calls wait {@code delay} before the normal response. */
    public void hangNext(int count, Duration delay) {
        script.enqueue(count, new ScriptedResponse.Hang(Objects.requireNonNull(delay, "delay")));
    }

    /** Responds to the next {@code count} calls with a 200 whose body is {@code body}, completion or not. */
    public void malformedNext(int count, String body) {
        script.enqueue(count, new ScriptedResponse.RawBody(Objects.requireNonNull(body, "body")));
    }

    /** Sends the next {@code count} calls the headers of a completion at once and its body after {@code delay}. */
    public void stallBodyNext(int count, Duration delay) {
        script.enqueue(count, new ScriptedResponse.StallBody(Objects.requireNonNull(delay, "delay")));
    }

    /**
     * Responds 401 to calls that do not present {@code key} as a bearer token or an {@code api-key}
     * header. A null key, the default, accepts every call.
     */
    public void requireApiKey(String key) {
        script.requireApiKey(key);
    }

    /** Returns the calls responded to so far, in the order of their responses. */
    public List<RecordedCall> calls() {
        return calls.calls();
    }

    /** Returns how many calls have been received but not yet responded to. */
    public int inFlight() {
        return calls.inFlight();
    }

    /** Returns the maximum number of calls handled at the same time since the start or the last {@link #reset}. */
    public int maxConcurrent() {
        return calls.maxConcurrent();
    }

    /** Clears the programmed responses, the latency, the required key and the recorded calls. */
    public void reset() {
        script.reset();
        calls.clear();
    }

    /** Stops listening and interrupts the calls in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Runs a stub until the process is stopped, for tests that start Pacer as a separate process.
     * Arguments: {@code [port] [--latency-ms N]}, where port 0, the default, picks a free port. The first
     * line of standard output is the bound port.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        Duration latency = Duration.ZERO;
        for (int i = 0; i < args.length; i++) {
            if ("--latency-ms".equals(args[i]) && i + 1 < args.length) {
                latency = Duration.ofMillis(Long.parseLong(args[++i]));
            } else if (args[i].matches("\\d+")) {
                port = Integer.parseInt(args[i]);
            } else {
                System.err.println("usage: StubAiServer [port] [--latency-ms N]. Unknown argument: " + args[i]);
                System.exit(2);
            }
        }

        StubAiServer stub = start(port);
        stub.latency(latency);
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close, "stub-ai-shutdown"));
        System.out.println(stub.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static int requireStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status from 200 to 599: " + status);
        }
        return status;
    }
}
