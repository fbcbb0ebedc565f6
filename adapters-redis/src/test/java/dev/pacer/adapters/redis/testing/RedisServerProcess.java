package dev.pacer.adapters.redis.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Redis server for tests, listening on a free port of 127.0.0.1 with its own temporary
 * directory. It runs the {@code redis-server} binary found on the PATH. Only when there is none
 * and Docker responds does it start the {@code redis:7} image through Testcontainers instead.
 *
 * <p>Typical use: one server per test class, {@link #flush()} before each test, {@link #close()}
 * after the class. Crash tests use {@link #stop()} (SIGTERM), {@link #kill()} (SIGKILL) and
 * {@link #restart()}, which starts the server again on the same port and directory, so clients
 * reconnect and an append-only file is replayed.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final boolean appendOnly;
    private final Path directory;
    private final int port;
    private final String binary;
    private Process process;
    private DockerRedis container;

    private RedisServerProcess(boolean appendOnly) throws IOException {
        this.appendOnly = appendOnly;
        this.directory = Files.createTempDirectory("pacer-redis-");
        Optional<String> found = findOnPath("redis-server");
        if (found.isPresent()) {
            this.binary = found.get();
            this.port = freePort();
            launch();
        } else if (dockerResponds()) {
            this.binary = null;
            this.container = new DockerRedis(arguments(6379, "/data").toArray(String[]::new));
            this.port = container.port();
            awaitAnswer();
        } else {
            throw new IllegalStateException("no redis-server binary on the PATH and Docker does not respond: "
                    + "install Redis with `apt-get install redis-server` (or start Docker) to run these tests");
        }
    }

    /** Starts a server that keeps nothing on disk. */
    public static RedisServerProcess start() {
        return create(false);
    }

    /** Starts a server with an append-only file synced on every write, which survives SIGKILL. */
    public static RedisServerProcess startWithAppendOnlyFile() {
        return create(true);
    }

    private static RedisServerProcess create(boolean appendOnly) {
        try {
            return new RedisServerProcess(appendOnly);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start a private redis-server", e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** Returns {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://" + HOST + ":" + port;
    }

    public Path directory() {
        return directory;
    }

    /** Stops the server with SIGTERM and waits until it has exited. */
    public void stop() {
        if (container != null) {
            container.stop();
            return;
        }
        process.destroy();
        awaitExit();
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it has exited. */
    public void kill() {
        if (container != null) {
            container.kill();
            return;
        }
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * Starts a stopped or killed server again on the same port and directory and waits until it
     * replies to PING, which includes replaying its append-only file.
     */
    public void restart() {
        if (container != null) {
            container.restart();
            awaitAnswer();
            return;
        }
        if (process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running: stop or kill it first");
        }
        launch();
    }

    /** Deletes every key. */
    public void flush() {
        command("FLUSHALL");
    }

    /** Sends one command on a fresh connection and returns the reply, as {@link RespConnection#command} does. */
    public Object command(String... args) {
        try (RespConnection connection = new RespConnection(HOST, port, 10_000)) {
            return connection.command(args);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to reach redis-server on port " + port, e);
        }
    }

    /** Returns the number of calls Redis counted for a command, from {@code INFO commandstats}. */
    public long commandCalls(String command) {
        String info = (String) command("INFO", "commandstats");
        String prefix = "cmdstat_" + command.toLowerCase() + ":calls=";
        for (String line : info.split("\r\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    @Override
    public void close() {
        if (container != null) {
            container.close();
        } else if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
        deleteDirectory();
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(arguments(port, directory.toString()));
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run " + binary, e);
        }
        awaitAnswer();
    }

    private List<String> arguments(int listenPort, String dir) {
        List<String> args = new ArrayList<>(List.of(
                "--port", Integer.toString(listenPort),
                "--bind", HOST,
                "--dir", dir,
                "--save", "",
                "--daemonize", "no"));
        if (binary == null) {
            // Inside the container Redis must listen on the container's interface for Docker's port mapping.
            args.set(args.indexOf(HOST), "0.0.0.0");
            args.addAll(List.of("--protected-mode", "no"));
        }
        if (appendOnly) {
            args.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            args.addAll(List.of("--appendonly", "no"));
        }
        return args;
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue() + "; see " + directory.resolve("redis.log"));
            }
            try (RespConnection connection = new RespConnection(HOST, port, 1_000)) {
                if ("PONG".equals(connection.command("PING"))) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + directory.resolve("redis.log"), last);
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover temporary directory does not fail a test.
        }
    }

    private static Optional<String> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Tells whether Docker responds; false also when Testcontainers is not on the classpath. */
    private static boolean dockerResponds() {
        try {
            return DockerRedis.dockerResponds();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
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
