package dev.pacer.benchmarks;

import dev.pacer.benchmarks.infra.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The facts a result depends on: cores, memory, CPU model, load, and the versions of the JDK, Redis and Node. */
public final class MachineInfo {

    private MachineInfo() {}

    public static String cpuModel() {
        return firstMatching(Path.of("/proc/cpuinfo"), "model name");
    }

    /** Returns the total memory from /proc/meminfo in GiB, such as "23.5 GiB". */
    public static String memoryTotal() {
        String kilobytes = firstMatching(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        if (kilobytes.isEmpty()) {
            return "unknown";
        }
        return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(kilobytes) / 1024.0 / 1024.0);
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String jdk() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version();
    }

    public static String redisVersion(RespClient redis) {
        return redis.info("server").getOrDefault("redis_version", "unknown");
    }

    /**
     * Returns the commit checked out in the current folder, marked when the work tree has
     * uncommitted changes, or "unknown" outside a Git work tree.
     */
    public static String sourceRevision() {
        String commit = output(List.of("git", "rev-parse", "--short", "HEAD"));
        if (commit.isEmpty() || commit.startsWith("fatal")) {
            return "unknown";
        }
        String changes = output(List.of("git", "status", "--porcelain", "--untracked-files=no"));
        return changes.isEmpty() ? commit : commit + " with uncommitted changes";
    }

    /** Returns the output of {@code node --version}, or "not installed". */
    public static String nodeVersion() {
        String version = output(List.of("node", "--version"));
        return version.isEmpty() ? "not installed" : version;
    }

    /** Runs a short command and returns its trimmed output, or an empty string when it cannot run. */
    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return new String(process.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String firstMatching(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
