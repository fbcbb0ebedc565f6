package dev.pacer.benchmarks.baseline;

import dev.pacer.benchmarks.infra.ChildProcess;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.RespClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw speed of the same Redis with {@code redis-benchmark}: RPUSH, LPOP and ZADD, and EVALSHA
 * of a small script that pushes and pops one element, each with the run's client concurrency and
 * 200-byte values, one request per round trip (no pipelining).
 */
public final class RedisBenchmarkBaseline {

    /** Two commands, as Pacer's smallest scripts run a few: push one element and pop it again. */
    static final String SMALL_SCRIPT = "redis.call('RPUSH', KEYS[1], ARGV[1]) return redis.call('LPOP', KEYS[1])";
    private static final int VALUE_BYTES = 200;

    private RedisBenchmarkBaseline() {}

    /** Returns requests per second by test name: RPUSH, LPOP, ZADD and EVALSHA. */
    public static Map<String, Double> run(PrivateRedis redis, int clients, int requests, Path workDirectory) {
        redis.reset();
        Map<String, Double> rates = new LinkedHashMap<>();
        String output = benchmark(redis, clients, requests, workDirectory, "builtin",
                List.of("-t", "rpush,lpop,zadd"));
        parseCsv(output, rates);

        String sha;
        try (RespClient client = redis.connect()) {
            sha = (String) client.command("SCRIPT", "LOAD", SMALL_SCRIPT);
        }
        String value = "x".repeat(VALUE_BYTES);
        String evalsha = benchmark(redis, clients, requests, workDirectory, "evalsha",
                List.of("EVALSHA", sha, "1", "bench:evalsha", value));
        Map<String, Double> custom = new LinkedHashMap<>();
        parseCsv(evalsha, custom);
        custom.values().stream().findFirst().ifPresent(rate -> rates.put("EVALSHA", rate));
        redis.reset();
        return rates;
    }

    private static String benchmark(PrivateRedis redis, int clients, int requests, Path workDirectory, String name,
            List<String> test) {
        List<String> command = new ArrayList<>(List.of("redis-benchmark",
                "-h", "127.0.0.1", "-p", Integer.toString(redis.port()),
                "-c", Integer.toString(clients), "-n", Integer.toString(requests),
                "-d", Integer.toString(VALUE_BYTES), "-P", "1", "--csv"));
        command.addAll(test);
        return ChildProcess.run("redis-benchmark " + name, command, workDirectory, Map.of(),
                workDirectory.resolve("redis-benchmark-" + name + ".csv"), Duration.ofMinutes(5));
    }

    /** Reads lines such as {@code "RPUSH","51234.55",...} after the {@code "test","rps",...} header. */
    private static void parseCsv(String output, Map<String, Double> rates) {
        for (String line : output.split("\n")) {
            String[] cells = line.trim().split("\",\"");
            if (cells.length < 2 || !cells[0].startsWith("\"") || cells[0].equals("\"test")) {
                continue;
            }
            String test = cells[0].substring(1);
            int space = test.indexOf(' ');
            rates.put(space < 0 ? test : test.substring(0, space), Double.parseDouble(cells[1].replace("\"", "")));
        }
    }
}
