package dev.pacer.benchmarks.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process that a benchmark starts, with its output in a log file, stopped with SIGTERM and then
 * SIGKILL. Every process the driver starts goes through here so that none outlives the run.
 */
public final class ChildProcess implements AutoCloseable {

    /** Every child still running, killed by a shutdown hook when the driver is stopped with Ctrl-C or SIGTERM. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "bench-child-cleanup"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with this process's environment less its {@code
     * PACER_} variables, plus {@code env}. Dropping them keeps a setting of the caller's shell, such
     * as an AI endpoint or another Redis, from reaching a service the benchmark starts.
     */
    public static ChildProcess start(String name, List<String> command, Path directory, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("PACER_"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + name + " (" + command.getFirst() + ")", e);
        }
    }

    /**
     * Runs {@code command} to its end and returns its output.
     *
     * @throws IllegalStateException when it exits with a non-zero code or runs past {@code timeout}
     */
    public static String run(String name, List<String> command, Path directory, Map<String, String> env,
            Path log, Duration timeout) {
        try (ChildProcess child = start(name, command, directory, env, log)) {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (child.process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with code " + child.process.exitValue() + "; see " + log
                        + "\n" + tail(output));
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the output of " + name + " from " + log, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Throws when the process has exited, naming its exit code and log. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
        }
    }

    /** Stops the process with SIGTERM, then SIGKILL after {@code grace}, and waits for its exit. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - 20);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
