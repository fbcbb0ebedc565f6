package dev.pacer.systemtests.process;

import dev.pacer.adapters.redis.testing.RespConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} process on a free port of 127.0.0.1 with its own temporary
 * directory, so a test can SIGTERM or SIGKILL it and start it again on the same port and
 * directory, where it replays its append-only file.
 *
 * <p>It never talks to any other Redis. The binary must be on the PATH.
 */
public final class RedisServer implements AutoCloseable {

    /** How the server persists writes. */
    public enum Persistence {
        /** An append-only file synced before every reply: nothing acknowledged is lost on SIGKILL. */
        AOF_ALWAYS("--appendonly", "yes", "--appendfsync", "always"),
        /** An append-only file synced once per second: a SIGKILL can lose the last writes. */
        AOF_EVERYSEC("--appendonly", "yes", "--appendfsync", "everysec"),
        /** Memory only: a restart loses every key. */
        NONE("--appendonly", "no");

        private final List<String> arguments;

        Persistence(String... arguments) {
            this.arguments = List.of(arguments);
        }
    }

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /** Where Redis 7 keeps its append-only files, the default of {@code appenddirname}. */
    private static final String APPEND_ONLY_DIR = "appendonlydir";

    private final String binary;
    private final Persistence persistence;
    private final Path directory;
    private final int port;
    private Process process;

    private RedisServer(String binary, Persistence persistence, Path directory, int port) {
        this.binary = binary;
        this.persistence = persistence;
        this.directory = directory;
        this.port = port;
    }

    /** Tells whether a {@code redis-server} binary is on the PATH. */
    public static boolean binaryAvailable() {
        return findBinary().isPresent();
    }

    /** Starts a server with {@code persistence} and waits until it replies to PING. */
    public static RedisServer start(Persistence persistence) {
        String binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "redis-server is not on the PATH: install it (apt-get install redis-server) to run the system tests"));
        try {
            Path directory = Files.createTempDirectory("pacer-system-redis-");
            RedisServer server = new RedisServer(binary, persistence, directory, FreePorts.next());
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a directory for redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    /** Returns {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://" + HOST + ":" + port;
    }

    public Persistence persistence() {
        return persistence;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Sends SIGTERM, which makes Redis flush its append-only file, and waits for the exit. */
    public void terminate() {
        process.destroy();
        awaitExit();
    }

    /** Sends SIGKILL, as a crash would, and waits for the exit. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Starts the stopped server again on the same port and directory and waits until it replies. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running: stop or kill it first");
        }
        launch();
    }

    /**
     * Copies the append-only files as they are on disk now, for {@link #killAndRestore}. Redis
     * keeps writing meanwhile, so the last command in the copy may be cut; Redis drops such a tail
     * when it loads ({@code aof-load-truncated yes} is the default).
     */
    public Path copyAppendOnlyFiles() {
        Path source = directory.resolve(APPEND_ONLY_DIR);
        Path copy = directory.resolve("aof-copy-" + System.nanoTime());
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(copy);
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to copy " + source, e);
        }
    }

    /**
     * Sends SIGKILL, replaces the append-only files with {@code copy} and starts the server again,
     * so it loses every write made after the copy: what a machine crash leaves behind when the
     * files were last synced at the time of the copy.
     */
    public void killAndRestore(Path copy) {
        kill();
        Path target = directory.resolve(APPEND_ONLY_DIR);
        try (Stream<Path> files = Files.list(target)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(target);
            Files.move(copy, target);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to restore " + target + " from " + copy, e);
        }
        launch();
    }

    /** Sends one command on a new connection and returns the reply as {@link RespConnection#command} does. */
    public Object command(String... args) {
        try (RespConnection connection = new RespConnection(HOST, port, 10_000)) {
            return connection.command(args);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to reach redis-server on port " + port, e);
        }
    }

    /**
     * Reads every key with its type and contents, sorted by key, for comparing the data set before
     * and after a request. Keys whose name starts with one of {@code ignoredPrefixes} are left out.
     */
    public Map<String, String> snapshot(String... ignoredPrefixes) {
        Map<String, String> keys = new TreeMap<>();
        try (RespConnection connection = new RespConnection(HOST, port, 10_000)) {
            String cursor = "0";
            do {
                List<?> page = (List<?>) connection.command("SCAN", cursor, "COUNT", "1000");
                cursor = (String) page.get(0);
                for (Object key : (List<?>) page.get(1)) {
                    String name = (String) key;
                    if (Stream.of(ignoredPrefixes).noneMatch(name::startsWith)) {
                        keys.put(name, describe(connection, name));
                    }
                }
            } while (!"0".equals(cursor));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the keys of redis-server on port " + port, e);
        }
        return keys;
    }

    /** Lists the keys that match a glob {@code pattern}, read with SCAN. */
    public List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        try (RespConnection connection = new RespConnection(HOST, port, 10_000)) {
            String cursor = "0";
            do {
                List<?> page = (List<?>) connection.command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
                cursor = (String) page.get(0);
                ((List<?>) page.get(1)).forEach(key -> keys.add((String) key));
            } while (!"0".equals(cursor));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the keys of redis-server on port " + port, e);
        }
        return keys;
    }

    @Override
    public void close() {
        if (isRunning()) {
            kill();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover temporary directory does not fail a test.
        }
    }

    private static String describe(RespConnection connection, String key) {
        String type = (String) connection.command("TYPE", key);
        Object value = switch (type) {
            case "string" -> connection.command("GET", key);
            case "list" -> connection.command("LRANGE", key, "0", "-1");
            case "hash" -> new TreeMap<>(pairs((List<?>) connection.command("HGETALL", key)));
            case "set" -> ((List<?>) connection.command("SMEMBERS", key)).stream().map(String::valueOf).sorted().toList();
            case "zset" -> connection.command("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> "(" + type + ")";
        };
        return type + " " + value;
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return map;
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary,
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--dir", directory.toString(),
                "--save", "",
                "--daemonize", "no"));
        command.addAll(persistence.arguments);
        try {
            process = ChildProcesses.register(new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run " + binary, e);
        }
        awaitPong();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue() + "; see " + directory.resolve("redis.log"));
            }
            try {
                // Redis replies LOADING, an error, while it replays the append-only file.
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not reply to PING within "
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

    private static Optional<String> findBinary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
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
