package dev.pacer.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.system.LatenessScenario;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The entry point of {@code pacer-benchmarks.jar}.
 *
 * <pre>
 *   system [--smoke] [--out FILE] [--work DIR] [--pacer-jar JAR] [--bullmq DIR] [--jmh-json FILE] [--only LIST]
 *   jmh [JMH options]
 * </pre>
 *
 * {@code system} runs the whole-system benchmark and prints its Markdown table to stdout (and to
 * {@code --out}), and {@code jmh} hands its arguments to JMH's own command line. A third command,
 * {@code cold-memory}, is the fresh JVM that {@code system} starts for one memory figure.
 */
public final class BenchMain {

    private static final String USAGE = """
            usage: java -jar pacer-benchmarks.jar system [options]    whole-system run, Markdown table on stdout
                   java -jar pacer-benchmarks.jar jmh [JMH options]    JMH benchmarks (-h lists JMH's options)

            system options:
              --smoke           tiny sizes: proves that every scenario still runs, in seconds
              --out FILE        also write the table to FILE
              --work DIR        folder for logs and the private redis-server (default: a new temporary folder)
              --pacer-jar JAR   the service jar for the HTTP scenario (default: this jar's copy of the service)
              --bullmq DIR      folder with bullmq and ioredis in node_modules; without it BullMQ is left out
              --jmh-json FILE   JMH results (-rf json) to add as the last table
              --only LIST       run only these comma-separated parts: baselines, dispatch, http, roundtrips,
                                lateness, claim, repair (ratios against BullMQ need baselines)
            """;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        switch (args[0]) {
            case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            case "system" -> System.exit(runSystem(Arrays.copyOfRange(args, 1, args.length)));
            case "cold-memory" -> coldMemory(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("unknown command: " + args[0] + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    /**
     * Measures the heap of waiting conversations in this fresh JVM, for the run's memory table:
     * {@code cold-memory PORT CONVERSATIONS BASE_DELAY_MS} against a Redis that the parent run
     * started. Prints one line, {@code heap-per-waiting WAITING HEAP_IDLE HEAP_WAITING HEAP_AFTER}.
     */
    private static void coldMemory(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("cold-memory needs PORT CONVERSATIONS BASE_DELAY_MS, got " + args.length
                    + " arguments");
        }
        int conversations = Integer.parseInt(args[1]);
        Duration baseDelay = Duration.ofMillis(Long.parseLong(args[2]));
        try (PrivateRedis redis = PrivateRedis.attach(Integer.parseInt(args[0]))) {
            LatenessScenario scenario = new LatenessScenario(redis, BenchConfig.fullRun().concurrency());
            // A first tiny run loads every class on the path, so the figure below counts the waiting
            // conversations and not class loading. Twenty replies are too few for the JIT to compile much.
            scenario.run(20, true, Duration.ofMillis(600), Duration.ofMinutes(1));
            LatenessScenario.Memory memory = scenario.run(conversations, true, baseDelay, Duration.ofMinutes(5)).memory();
            System.out.println("heap-per-waiting " + memory.waiting() + " " + memory.heapIdle() + " "
                    + memory.heapWaiting() + " " + memory.heapAfter());
        }
    }

    /** Runs the whole-system benchmark with command-line options; returns the exit code. */
    static int runSystem(String[] args) throws Exception {
        WholeSystemRun.Options options;
        Path out;
        try {
            ParsedArguments parsed = parse(args);
            options = parsed.options();
            out = parsed.out();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }

        String table = new WholeSystemRun(options).run();
        System.out.print(table);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.err.println("table written to " + out);
        }
        return 0;
    }

    record ParsedArguments(WholeSystemRun.Options options, Path out) {}

    static ParsedArguments parse(String[] args) throws IOException {
        boolean smoke = false;
        Path out = null;
        Path work = null;
        Path pacerJar = null;
        Path bullmq = null;
        Path jmhJson = null;
        Set<String> scenarios = new LinkedHashSet<>(WholeSystemRun.SCENARIOS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--work" -> work = Path.of(value(args, ++i, "--work")).toAbsolutePath();
                case "--pacer-jar" -> pacerJar = existing(value(args, ++i, "--pacer-jar"));
                case "--bullmq" -> bullmq = existing(value(args, ++i, "--bullmq"));
                case "--jmh-json" -> jmhJson = Path.of(value(args, ++i, "--jmh-json")).toAbsolutePath();
                case "--only" -> scenarios = scenarios(value(args, ++i, "--only"));
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("pacer-bench-");
        }
        Files.createDirectories(work);
        BenchConfig config = smoke ? BenchConfig.smokeRun() : BenchConfig.fullRun();
        String commandLine = "system " + String.join(" ", args);
        return new ParsedArguments(
                new WholeSystemRun.Options(config, work, pacerJar, bullmq, jmhJson, commandLine, scenarios), out);
    }

    private static Set<String> scenarios(String list) {
        Set<String> names = new LinkedHashSet<>(Arrays.asList(list.split(",")));
        for (String name : names) {
            if (!WholeSystemRun.SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("unknown part in --only: " + name + "; the parts are "
                        + String.join(", ", WholeSystemRun.SCENARIOS));
            }
        }
        return names;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** Returns the path made absolute, since child processes run in other folders. */
    private static Path existing(String path) {
        Path resolved = Path.of(path).toAbsolutePath();
        if (!Files.exists(resolved)) {
            throw new IllegalArgumentException("not found: " + resolved.toAbsolutePath());
        }
        return resolved;
    }
}
