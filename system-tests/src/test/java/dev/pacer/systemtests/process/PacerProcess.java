package dev.pacer.systemtests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Pacer instance run as {@code java -jar pacer.jar} in its own process, on a fixed port of
 * 127.0.0.1 that it keeps across restarts. Its standard output and error are appended to one log
 * file per instance.
 *
 * <p>The environment holds only the {@code PACER_*} variables given here, because inherited ones
 * (an API key, the default Redis URL) would change what is tested or point Pacer at a Redis that
 * is not the test's own.
 */
public final class PacerProcess implements AutoCloseable {

    /** Raised when the process exits before it responds on {@code /health/live}. */
    public static final class StartFailedException extends RuntimeException {

        private final int exitCode;

        StartFailedException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> JVM_OPTIONS = List.of(
            // Three instances and the test JVM share two cores in CI, so each instance stays small.
            "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * @param environment the {@code PACER_*} settings; {@code PACER_HTTP_PORT} and {@code
     *     PACER_HTTP_HOST} are set here
     */
    public PacerProcess(String name, Path jar, Map<String, String> environment, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("pacer.jar not found at " + jar
                    + ": build it first with `mvn -DskipTests install` in the repository root");
        }
        String redisUrl = environment.get("PACER_REDIS_URL");
        if (redisUrl == null || !redisUrl.startsWith("redis://127.0.0.1:") || redisUrl.endsWith(":6379")) {
            throw new IllegalArgumentException("PACER_REDIS_URL must name the test's private Redis on 127.0.0.1, "
                    + "never the default port 6379: " + redisUrl);
        }
        this.name = name;
        this.jar = jar;
        this.port = FreePorts.next();
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Returns the operating system's id of the running process. */
    public long pid() {
        return process.pid();
    }

    /**
     * Starts the process and waits until {@code /health/live} responds 200.
     *
     * @throws StartFailedException when the process exits first, for example because Redis is down
     */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(variable -> variable.startsWith("PACER_"));
        env.putAll(environment);
        env.put("PACER_HTTP_HOST", "127.0.0.1");
        env.put("PACER_HTTP_PORT", Integer.toString(port));
        try {
            appendToLog("==== starting " + name + " on port " + port);
            process = ChildProcesses.register(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + name, e);
        }
        awaitLive();
    }

    /** Sends SIGKILL and waits until the process is gone. */
    public void kill() {
        appendToLog("==== SIGKILL " + name);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /**
     * Sends SIGTERM and waits for the graceful exit, at most {@code timeout}, after which it
     * kills the process. Returns whether the process exited by itself.
     */
    public boolean terminate(Duration timeout) {
        appendToLog("==== SIGTERM " + name);
        process.destroy();
        boolean exited = awaitExit(timeout);
        if (!exited) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        return exited;
    }

    /** Returns the exit code of the last run, or -1 while it runs or before the first start. */
    public int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (isRunning()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
    }

    private void awaitLive() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest live = HttpRequest.newBuilder(baseUri().resolve("/health/live"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartFailedException(name + " exited with code " + process.exitValue()
                        + " before it answered on /health/live; see " + logFile, process.exitValue());
            }
            try {
                if (http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not answer on /health/live within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The marker only helps a reader of the log; the test goes on without it.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a Pacer instance", e);
        }
    }
}
