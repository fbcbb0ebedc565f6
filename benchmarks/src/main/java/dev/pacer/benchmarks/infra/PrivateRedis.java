package dev.pacer.benchmarks.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code redis-server} that only this benchmark run uses: a free port on 127.0.0.1, its own
 * directory, no persistence. It is never the server on port 6379.
 *
 * <p>The test-jar of adapters-redis has a similar helper, but it needs Testcontainers and lives in
 * test scope, so the driver, which runs outside Maven, starts its own.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    /** The server process, or null for a server that another JVM of this run started and stops. */
    private final ChildProcess process;
    private final int port;

    private PrivateRedis(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server in a new folder under {@code workDirectory} and waits until it replies to PING. */
    public static PrivateRedis start(Path workDirectory) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = FreePorts.pick();
            Path directory = createDirectory(workDirectory, port);
            ChildProcess process = ChildProcess.start("redis-server", arguments(port, directory), directory, Map.of(),
                    directory.resolve("redis.log"));
            try {
                awaitPing(process, port);
                return new PrivateRedis(process, port);
            } catch (IllegalStateException e) {
                process.close();
                last = e;
            }
        }
        throw last;
    }

    /**
     * Returns a handle on a server that another JVM of this run started on {@code port}, for a
     * child JVM that measures something in a fresh process. Closing the handle leaves the server
     * running.
     */
    public static PrivateRedis attach(int port) {
        return new PrivateRedis(null, port);
    }

    public int port() {
        return port;
    }

    /** Returns {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Opens a raw connection for INFO, MONITOR and FLUSHALL. */
    public RespClient connect() {
        return new RespClient(port, 30_000);
    }

    /**
     * Deletes every key and resets INFO commandstats, so each scenario starts from an empty server.
     * The script cache stays: Redisson remembers loaded scripts across clients and does not reload
     * one that a batch finds missing.
     */
    public void reset() {
        try (RespClient client = connect()) {
            client.command("FLUSHALL");
            client.command("CONFIG", "RESETSTAT");
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    private static List<String> arguments(int port, Path directory) {
        return new ArrayList<>(List.of(
                "redis-server",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "yes",
                "--dir", directory.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no"));
    }

    private static Path createDirectory(Path workDirectory, int port) {
        try {
            return Files.createDirectories(workDirectory.resolve("redis-" + port));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a directory for redis-server under " + workDirectory, e);
        }
    }

    private static void awaitPing(ChildProcess process, int port) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try (RespClient client = new RespClient(port, 1_000)) {
                if ("PONG".equals(client.command("PING"))) {
                    return;
                }
            } catch (RuntimeException e) {
                // Not listening yet, so try again shortly.
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not reply to PING within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + process.log());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
