package dev.pacer.benchmarks.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.benchmarks.infra.ChildProcess;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.RespClient;
import dev.pacer.benchmarks.system.RedisCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * BullMQ against the same redis-server: {@code addBulk} of the run's number of jobs, then a
 * Worker with an empty processor at the run's concurrency. BullMQ must already be installed in
 * {@code installDirectory} (bin/bench runs npm there); this class copies its script next to
 * {@code node_modules} and runs Node once per phase, so Redis counters can be read between them.
 */
public final class BullMqBaseline {

    private static final String SCRIPT = "bullmq-bench.cjs";
    private static final int ADD_BATCH = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param commandsPerJob Redis commands per processed job, script-invoked ones included
     * @param roundTripsPerJob EVALSHA, EVAL and BZPOPMIN calls per processed job, each one round trip
     * @param redisCpuPercent redis-server's CPU during the processing phase (Node's start included), % of one core
     */
    public record Result(String version, int jobs, double addPerSecond, double processPerSecond,
            double commandsPerJob, double roundTripsPerJob, double redisCpuPercent) {}

    private BullMqBaseline() {}

    public static Result run(PrivateRedis redis, Path installDirectory, int jobs, int concurrency, Duration timeout) {
        redis.reset();
        Path script = installScript(installDirectory);
        String queue = "pacer-bench";

        JsonNode added = node(installDirectory, script, List.of("add", Integer.toString(redis.port()), queue,
                Integer.toString(jobs), Integer.toString(ADD_BATCH)), timeout);

        JsonNode processed;
        RedisCounters before;
        RedisCounters after;
        try (RespClient raw = redis.connect()) {
            before = RedisCounters.read(raw);
            processed = node(installDirectory, script, List.of("process", Integer.toString(redis.port()), queue,
                    Integer.toString(jobs), Integer.toString(concurrency)), timeout);
            after = RedisCounters.read(raw);
        }
        if (processed.get("jobs").asInt() != jobs) {
            throw new IllegalStateException("BullMQ processed " + processed.get("jobs").asInt() + " of " + jobs
                    + " jobs (" + processed.get("failed").asInt() + " failed)");
        }

        long roundTrips = after.callsSince(before, "evalsha") + after.callsSince(before, "eval")
                + after.callsSince(before, "bzpopmin");
        redis.reset();
        return new Result(version(installDirectory), jobs, jobs / added.get("seconds").asDouble(),
                jobs / processed.get("seconds").asDouble(), after.commandsSince(before) / (double) jobs,
                roundTrips / (double) jobs, after.redisCpuPercentSince(before));
    }

    /** Returns the installed BullMQ version from its package.json. */
    public static String version(Path installDirectory) {
        return packageVersion(installDirectory, "bullmq");
    }

    /** Returns the version of an installed npm package, or "unknown" when it cannot be read. */
    public static String packageVersion(Path installDirectory, String name) {
        try {
            Path manifest = installDirectory.resolve("node_modules").resolve(name).resolve("package.json");
            return JSON.readTree(manifest.toFile()).get("version").asText();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static JsonNode node(Path directory, Path script, List<String> args, Duration timeout) {
        List<String> command = new java.util.ArrayList<>(List.of("node", script.toString()));
        command.addAll(args);
        String output = ChildProcess.run("node " + SCRIPT + " " + args.getFirst(), command, directory, Map.of(),
                directory.resolve("bullmq-" + args.getFirst() + ".log"), timeout);
        String[] lines = output.trim().split("\n");
        try {
            return JSON.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new IllegalStateException("BullMQ script printed no JSON result: " + output, e);
        }
    }

    private static Path installScript(Path installDirectory) {
        if (!Files.isDirectory(installDirectory.resolve("node_modules").resolve("bullmq"))) {
            throw new IllegalStateException("BullMQ is not installed in " + installDirectory
                    + ": run bin/bench, which installs it with npm, or npm install bullmq ioredis there");
        }
        Path target = installDirectory.resolve(SCRIPT);
        try (InputStream in = BullMqBaseline.class.getResourceAsStream("/dev/pacer/benchmarks/" + SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the benchmarks jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + target, e);
        }
    }
}
