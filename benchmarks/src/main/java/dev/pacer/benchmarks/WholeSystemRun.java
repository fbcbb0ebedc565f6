package dev.pacer.benchmarks;

import static dev.pacer.benchmarks.Report.count;
import static dev.pacer.benchmarks.Report.decimal;
import static dev.pacer.benchmarks.Report.ratio;
import static dev.pacer.benchmarks.Report.verdict;

import dev.pacer.benchmarks.Report.Row;
import dev.pacer.benchmarks.Report.Verdict;
import dev.pacer.benchmarks.baseline.BullMqBaseline;
import dev.pacer.benchmarks.baseline.RedisBenchmarkBaseline;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.ProcessStats;
import dev.pacer.benchmarks.infra.RespClient;
import dev.pacer.benchmarks.system.Conversations;
import dev.pacer.benchmarks.system.DispatchScenario;
import dev.pacer.benchmarks.system.HttpEnqueueScenario;
import dev.pacer.benchmarks.system.RoundTripScenario;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-system benchmark: one private redis-server, the baselines, then every Pacer scenario
 * against the same server, one after another so they do not compete for the two or so cores of
 * a typical build machine. Returns the Markdown report, and stops every process it started
 * before it returns.
 */
public final class WholeSystemRun {

    private static final Logger log = LoggerFactory.getLogger(WholeSystemRun.class);
    private static final double MIB = 1024.0 * 1024.0;

    /** The parts of a run, in the order they run; {@code --only} selects some of them by these names. */
    public static final List<String> SCENARIOS =
            List.of("baselines", "dispatch", "http", "roundtrips", "lateness", "claim", "repair");

    /**
     * @param pacerJar the service jar for the HTTP scenario, or null to run the service from this class path
     * @param bullmqDirectory folder with BullMQ in node_modules, or null to leave the BullMQ baseline out
     * @param jmhJson JMH results to render as the last section, or null
     * @param scenarios the names from {@link #SCENARIOS} to run
     */
    public record Options(BenchConfig config, Path workDirectory, Path pacerJar, Path bullmqDirectory, Path jmhJson,
            String commandLine, Set<String> scenarios) {}

    private final Options options;
    private final BenchConfig config;
    private final Report report = new Report();

    public WholeSystemRun(Options options) {
        this.options = options;
        this.config = options.config();
    }

    public String run() throws Exception {
        long startedNanos = System.nanoTime();
        double machineBusyAtStart = ProcessStats.machineBusyCpuSeconds();
        double ownAtStart = ProcessStats.ownCpuSecondsWithExitedChildren();
        try (PrivateRedis redis = PrivateRedis.start(options.workDirectory())) {
            log.info("redis-server started on 127.0.0.1:{} (pid {})", redis.port(), redis.pid());
            header(redis);

            Map<String, Double> redisBenchmark = Map.of();
            BullMqBaseline.Result bullmq = null;
            if (selected("baselines")) {
                log.info("baseline: redis-benchmark");
                redisBenchmark = RedisBenchmarkBaseline.run(redis, config.concurrency(),
                        config.redisBenchmarkRequests(), options.workDirectory());
                if (options.bullmqDirectory() != null) {
                    log.info("baseline: BullMQ, {} jobs", config.messages());
                    bullmq = BullMqBaseline.run(redis, options.bullmqDirectory(), config.messages(),
                            config.concurrency(), config.timeout());
                }
                baselines(redisBenchmark, bullmq);
            }

            warmUp(redis);
            if (selected("dispatch")) {
                dispatch(redis, redisBenchmark, bullmq);
            }
            if (selected("http")) {
                http(redis, bullmq);
            }
            if (selected("roundtrips")) {
                roundTrips(redis, bullmq);
            }
            ScaleParts scale = new ScaleParts(options, report);
            if (selected("lateness")) {
                scale.lateness(redis);
            }
            if (selected("claim")) {
                scale.claimCost(redis);
            }
            if (selected("repair")) {
                scale.repair(redis);
            }
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        double others = (ProcessStats.machineBusyCpuSeconds() - machineBusyAtStart)
                - (ProcessStats.ownCpuSecondsWithExitedChildren() - ownAtStart);
        report.headerLine("- other processes on the machine used " + decimal(100 * others / seconds, 0)
                + "% of one core on average during the " + decimal(seconds / 60, 1) + " minutes of this run; load "
                + "average at the end " + MachineInfo.loadAverage());
        if (options.jmhJson() != null) {
            JmhResults.appendTo(report, options.jmhJson());
        }
        return report.toMarkdown();
    }

    private boolean selected(String scenario) {
        return options.scenarios().contains(scenario);
    }

    private void header(PrivateRedis redis) {
        String redisVersion;
        try (RespClient raw = redis.connect()) {
            redisVersion = MachineInfo.redisVersion(raw);
        }
        String bullmq = options.bullmqDirectory() == null
                ? "not run"
                : BullMqBaseline.version(options.bullmqDirectory()) + " with ioredis "
                        + BullMqBaseline.packageVersion(options.bullmqDirectory(), "ioredis");

        report.headerLine("## Pacer whole-system benchmark" + (config.smoke() ? " (smoke run, sizes too small to compare)" : ""));
        report.headerLine("");
        report.headerLine("- started: " + Instant.now() + ", command: `" + options.commandLine() + "`");
        report.headerLine("- machine: " + Runtime.getRuntime().availableProcessors() + " cores ("
                + MachineInfo.cpuModel() + "), " + MachineInfo.memoryTotal() + " memory, load average at start "
                + MachineInfo.loadAverage());
        report.headerLine("- source: " + MachineInfo.sourceRevision());
        report.headerLine("- versions: JDK " + MachineInfo.jdk() + ", Redis " + redisVersion + ", Node "
                + MachineInfo.nodeVersion() + ", BullMQ " + bullmq);
        report.headerLine("- load: " + config.conversations() + " conversations x " + config.messagesPerConversation()
                + " messages, client concurrency " + config.concurrency()
                + " everywhere (enqueue callers, HTTP clients, workers per instance, redis-benchmark clients, BullMQ worker)");
    }

    private void baselines(Map<String, Double> redisBenchmark, BullMqBaseline.Result bullmq) {
        report.section("Baselines, same redis-server");
        redisBenchmark.forEach((test, rate) -> report.row("redis-benchmark " + test + ", requests/s", count(rate)));
        if (bullmq != null) {
            report.row("BullMQ addBulk (1,000 per call), jobs/s", count(bullmq.addPerSecond()));
            report.row("BullMQ Worker, empty processor, concurrency " + config.concurrency() + ", jobs/s",
                    count(bullmq.processPerSecond()));
            report.row("BullMQ Redis commands per processed job", decimal(bullmq.commandsPerJob(), 1));
            report.row("redis-server CPU while BullMQ processed, % of one core", decimal(bullmq.redisCpuPercent(), 0));
            report.row("BullMQ round trips per processed job (EVALSHA, EVAL, BZPOPMIN)",
                    decimal(bullmq.roundTripsPerJob(), 2));
        } else {
            report.note("BullMQ was not run (no --bullmq folder), so the ratios against it are n/a.");
        }
        report.note("redis-benchmark EVALSHA runs a two-command script (RPUSH, LPOP); values are 200 bytes; "
                + "no pipelining. BullMQ jobs carry the same fields and text as Pacer's messages and are removed on "
                + "completion. BullMQ keeps no per-user order: its worker runs up to " + config.concurrency()
                + " jobs of any users at once. Its Redis CPU figure includes Node's start and connection.");
    }

    /** Enqueues and dispatches a small set once, untimed, so the JIT has compiled the hot paths before the first timing. */
    private void warmUp(PrivateRedis redis) throws Exception {
        log.info("warm-up: {} conversations", config.warmupConversations());
        redis.reset();
        Conversations warm = new Conversations("warm", config.warmupConversations(), config.messagesPerConversation());
        DispatchScenario scenario = new DispatchScenario(redis, config.concurrency());
        scenario.enqueue(warm);
        scenario.dispatch(warm, 1, config.timeout());
    }

    private void dispatch(PrivateRedis redis, Map<String, Double> redisBenchmark, BullMqBaseline.Result bullmq)
            throws Exception {
        DispatchScenario scenario = new DispatchScenario(redis, config.concurrency());
        double bullAdd = bullmq == null ? 0 : bullmq.addPerSecond();
        double bullProcess = bullmq == null ? 0 : bullmq.processPerSecond();

        List<DispatchScenario.Enqueue> enqueues = new ArrayList<>();
        List<DispatchScenario.Dispatch> dispatches = new ArrayList<>();
        for (int instances = 1; instances <= 2; instances++) {
            redis.reset();
            Conversations set = new Conversations("u", config.conversations(), config.messagesPerConversation());
            log.info("enqueue via port: {} messages", set.messages());
            enqueues.add(scenario.enqueue(set));
            log.info("dispatch: {} instance(s)", instances);
            dispatches.add(scenario.dispatch(set, instances, config.timeout()));
        }
        DispatchScenario.Enqueue enqueue = enqueues.getFirst();

        report.section("Enqueue through the Java port");
        for (DispatchScenario.Enqueue run : enqueues) {
            report.row(new Row("`RedisConversationQueue.enqueue`, messages/s", count(run.enqueuePerSecond()),
                    "BullMQ addBulk " + count(bullAdd), ratio(run.enqueuePerSecond(), bullAdd), ">= 1.0x",
                    verdict(bullAdd > 0, run.enqueuePerSecond() >= bullAdd)));
        }
        double evalsha = redisBenchmark.getOrDefault("EVALSHA", 0.0);
        report.row(new Row("the same against raw script calls", count(enqueue.enqueuePerSecond()),
                "redis-benchmark EVALSHA " + count(evalsha), ratio(enqueue.enqueuePerSecond(), evalsha), "", Verdict.NONE));
        report.row("CPU while enqueueing: redis-server / driver JVM, % of one core",
                decimal(enqueue.redisCpuPercent(), 0) + " / " + decimal(enqueue.driverCpuPercent(), 0));
        report.note("Two runs, each the seeding of a dispatch run below: " + count(enqueue.messages()) + " messages from "
                + config.concurrency() + " callers, each conversation's messages in order from one caller, one script "
                + "call (one round trip) per message. BullMQ's addBulk sends 1,000 jobs per call.");

        report.section("Dispatch at zero delay, offline generator");
        for (DispatchScenario.Dispatch run : dispatches) {
            report.row(new Row(run.instances() + " instance(s), " + config.concurrency() + " workers each, messages/s",
                    count(run.perSecond()), "BullMQ Worker " + count(bullProcess), ratio(run.perSecond(), bullProcess),
                    ">= 1.0x", verdict(bullProcess > 0, run.perSecond() >= bullProcess)));
        }
        for (DispatchScenario.Dispatch run : dispatches) {
            int broken = run.orderViolations() + run.overlaps() + run.duplicates() + run.missing();
            report.row(new Row(run.instances() + " instance(s): order violations / overlaps / duplicates / missing",
                    run.orderViolations() + " / " + run.overlaps() + " / " + run.duplicates() + " / " + run.missing(),
                    "", "", "all 0", verdict(true, broken == 0)));
        }
        for (DispatchScenario.Dispatch run : dispatches) {
            report.row(run.instances() + " instance(s): Redis commands / EVALSHA per message (INFO)",
                    decimal(run.commandsPerMessage(), 1) + " / " + decimal(run.evalshaPerMessage(), 2));
            report.row(run.instances() + " instance(s): CPU, redis-server / driver JVM, % of one core",
                    decimal(run.redisCpuPercent(), 0) + " / " + decimal(run.driverCpuPercent(), 0));
        }
        report.note("Timed from the start of the dispatcher loops to the last reply. Instances run in the driver's JVM, "
                + "each with its own Redisson client, wired as the service wires them (claim batch up to 16, lease 30 s, "
                + "no history read with the offline generator).");

        report.section("Redis memory per queued message");
        report.row("Redis used_memory growth per queued message, bytes", count(enqueue.redisBytesPerMessage()));
        report.row("message text (payload), bytes", decimal(enqueue.payloadBytes(), 0));
        report.row("message as stored (JSON), bytes", decimal(enqueue.storedBytes(), 0));
        report.row("growth / payload", ratio(enqueue.redisBytesPerMessage(), enqueue.payloadBytes()));
        report.note("Measured across the first enqueue: " + config.messagesPerConversation()
                + " messages per conversation, so the per-conversation entries (due set, conversation index, list header) "
                + "are shared by that many messages. Each message also keeps its idempotency key for 24 h.");
    }

    private void http(PrivateRedis redis, BullMqBaseline.Result bullmq) throws Exception {
        log.info("enqueue via HTTP: {} requests", config.httpRequests());
        HttpEnqueueScenario.Result http = new HttpEnqueueScenario(redis, config.concurrency(), options.pacerJar(),
                options.workDirectory()).run(config.httpWarmupRequests(), config.httpRequests());
        double bullAdd = bullmq == null ? 0 : bullmq.addPerSecond();

        report.section("Enqueue through the HTTP API");
        report.row(new Row("`POST /v1/messages` (service process, role api), messages/s", count(http.perSecond()),
                "BullMQ addBulk " + count(bullAdd), ratio(http.perSecond(), bullAdd), ">= 0.4x",
                verdict(bullAdd > 0, http.perSecond() >= 0.4 * bullAdd)));
        report.row("`GET /health/live` with the same client (HTTP stack alone), requests/s", count(http.livenessPerSecond()));
        report.row("CPU: service / redis-server / driver (HTTP client), % of one core",
                decimal(http.serviceCpuPercent(), 0) + " / " + decimal(http.redisCpuPercent(), 0) + " / "
                        + decimal(http.driverCpuPercent(), 0));
        report.row("service resident size after the load, MiB", decimal(http.serviceRssBytes() / MIB, 0));
        report.note(count(http.requests()) + " timed requests after " + count(config.httpWarmupRequests())
                + " untimed ones, one JSON message each, from " + config.concurrency() + " virtual threads with a "
                + "keep-alive HTTP/1.1 connection each. The client is a few lines over a socket, since java.net.http "
                + "costs about as much CPU per request as the service; it shares the machine with the service and Redis.");
    }

    private void roundTrips(PrivateRedis redis, BullMqBaseline.Result bullmq) throws Exception {
        redis.reset();
        log.info("round trips via MONITOR: {} conversations", config.roundTripConversations());
        Conversations set = new Conversations("rt", config.roundTripConversations(), config.messagesPerConversation());
        RoundTripScenario.Result result = new RoundTripScenario(redis, config.concurrency()).run(set, config.timeout());
        double bullTrips = bullmq == null ? 0 : bullmq.roundTripsPerJob();
        double bullCommands = bullmq == null ? 0 : bullmq.commandsPerJob();

        report.section("Redis round trips per dispatched message (MONITOR, " + count(result.messages()) + " messages)");
        report.row(new Row("round trips per message", decimal(result.roundTripsPerMessage(), 2),
                bullmq == null ? "" : "BullMQ " + decimal(bullTrips, 2), ratio(result.roundTripsPerMessage(), bullTrips),
                "<= 2", verdict(true, result.roundTripsPerMessage() <= 2.0)));
        result.clientCallsPerMessage().forEach((name, perMessage) -> report.row("  " + name, decimal(perMessage, 3)));
        report.row(new Row("Redis commands per message, scripts included", decimal(result.commandsPerMessage(), 1),
                bullmq == null ? "" : "BullMQ " + decimal(bullCommands, 1), ratio(result.commandsPerMessage(), bullCommands),
                "", Verdict.NONE));
        report.note("Zero delay, one instance, " + config.concurrency() + " workers. A refresh batch (512 ZRANGE and one "
                + "EVAL of TIME, pipelined) counts as one round trip.");
    }
}
