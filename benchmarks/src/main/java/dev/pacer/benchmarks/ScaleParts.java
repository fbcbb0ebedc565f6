package dev.pacer.benchmarks;

import static dev.pacer.benchmarks.Report.count;
import static dev.pacer.benchmarks.Report.decimal;
import static dev.pacer.benchmarks.Report.ratio;
import static dev.pacer.benchmarks.Report.verdict;

import dev.pacer.benchmarks.Report.Row;
import dev.pacer.benchmarks.Report.Verdict;
import dev.pacer.benchmarks.infra.ChildProcess;
import dev.pacer.benchmarks.infra.JavaCommand;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.system.ClaimScenario;
import dev.pacer.benchmarks.system.LatenessScenario;
import dev.pacer.benchmarks.system.Percentiles;
import dev.pacer.benchmarks.system.RepairScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a whole-system run that measure behaviour as the load grows, and need no
 * baseline: pacing lateness and the heap of waiting conversations, claim cost, startup repair.
 * Each runs its scenario and adds its tables to the report.
 */
final class ScaleParts {

    private static final Logger log = LoggerFactory.getLogger(ScaleParts.class);
    private static final double MIB = 1024.0 * 1024.0;

    private final BenchConfig config;
    private final WholeSystemRun.Options options;
    private final Report report;

    ScaleParts(WholeSystemRun.Options options, Report report) {
        this.config = options.config();
        this.options = options;
        this.report = report;
    }

    void lateness(PrivateRedis redis) throws Exception {
        LatenessScenario scenario = new LatenessScenario(redis, config.concurrency());
        int largest = config.latenessConversations().getLast();
        List<LatenessScenario.Result> results = new ArrayList<>();
        for (int conversations : config.latenessConversations()) {
            redis.reset();
            log.info("pacing lateness: {} conversations arriving steadily", conversations);
            results.add(scenario.run(conversations, false, config.latenessBaseDelay(), config.timeout()));
        }
        redis.reset();
        log.info("pacing lateness: {} conversations arriving at once", largest);
        results.add(scenario.run(largest, true, config.latenessBaseDelay(), config.timeout()));
        redis.reset();
        log.info("heap of {} waiting conversations in a fresh JVM", largest);
        LatenessScenario.Memory cold = coldMemory(redis, largest);
        redis.reset();

        report.section("Pacing lateness (actual send minus planned send)");
        for (LatenessScenario.Result result : results) {
            LatenessScenario.Run run = result.run();
            Percentiles p = run.latencyMicros();
            boolean checked = run.conversations() == largest;
            report.row(new Row(count(run.conversations()) + (run.burst() ? " arriving at once" : " arriving steadily")
                    + ", peak " + count(run.peakWaiting()) + " waiting: p50 / p99 / max, ms",
                    ms(p.p50()) + " / " + ms(p.p99()) + " / " + ms(p.max()), "", "",
                    checked ? "p99 < 50" : "", checked ? verdict(true, p.p99() < 50_000) : Verdict.NONE));
        }
        for (LatenessScenario.Result result : results) {
            LatenessScenario.Run run = result.run();
            report.row(count(run.conversations()) + (run.burst() ? " at once" : " steadily")
                    + ": replies / order violations / overlaps / min lateness, ms",
                    run.sent() + " / " + run.orderViolations() + " / " + run.overlaps() + " / "
                            + ms(run.latencyMicros().min()));
        }
        report.note("Policy: base " + config.latenessBaseDelay().toMillis() + " ms + 30 ms per reply character (about "
                + "90 characters), no jitter, typing indicator at start; the first typing indicator marks the start of the "
                + "work. One instance with a worker per conversation, one message per conversation. Steady: arrivals "
                + "spread evenly over 80% of the base delay, so every conversation waits at once before the first reply is "
                + "due. At once: all enqueued as fast as possible, so the planned sends are packed into the time the "
                + "claims took.");

        report.section("JVM memory with " + count(largest) + " conversations waiting in their delays");
        for (LatenessScenario.Result result : results) {
            if (result.run().conversations() != largest) {
                continue;
            }
            LatenessScenario.Memory memory = result.memory();
            String arrival = result.run().burst() ? "at once" : "steadily";
            double perWaiting = memory.heapBytesPerWaiting();
            report.row(new Row("arriving " + arrival + ": heap growth per waiting conversation, KiB",
                    decimal(perWaiting / 1024, 2), "", "", "< 4", verdict(memory.waiting() > 0, perWaiting < 4096)));
            report.row("arriving " + arrival + ": heap after full GC, idle / " + count(memory.waiting())
                            + " waiting / after the replies, MiB",
                    decimal(memory.heapIdle() / MIB, 1) + " / " + decimal(memory.heapWaiting() / MIB, 1) + " / "
                            + decimal(memory.heapAfter() / MIB, 1));
            report.row("arriving " + arrival + ": driver JVM resident size, idle / waiting, MiB",
                    decimal(memory.rssIdle() / MIB, 0) + " / " + decimal(memory.rssWaiting() / MIB, 0));
        }
        double coldPerWaiting = cold.heapBytesPerWaiting();
        report.row(new Row("fresh JVM, arriving at once: heap growth per waiting conversation, KiB",
                decimal(coldPerWaiting / 1024, 2), "", "", "< 4", verdict(cold.waiting() > 0, coldPerWaiting < 4096)));
        report.row("fresh JVM, arriving at once: heap after full GC, idle / " + count(cold.waiting())
                        + " waiting / after the replies, MiB",
                decimal(cold.heapIdle() / MIB, 1) + " / " + decimal(cold.heapWaiting() / MIB, 1) + " / "
                        + decimal(cold.heapAfter() / MIB, 1));
        report.note("In the driver's JVM, which runs the dispatcher instance, after the runs above have compiled the "
                + "dispatch path. The recorder's arrays are allocated before the idle measurement, so the growth is "
                + "the dispatcher's. The fresh-JVM rows come from a new JVM that runs only this scenario, as a service "
                + "just started would: interpreted frames are larger than compiled ones, so each parked worker's stack "
                + "is larger.");
    }

    /** Runs the burst lateness scenario in a new JVM and returns its memory readings. */
    private LatenessScenario.Memory coldMemory(PrivateRedis redis, int conversations) {
        List<String> command = JavaCommand.of(List.of(), BenchMain.class.getName(), List.of("cold-memory",
                Integer.toString(redis.port()), Integer.toString(conversations),
                Long.toString(config.latenessBaseDelay().toMillis())));
        String output = ChildProcess.run("fresh JVM memory probe", command, options.workDirectory(), Map.of(),
                options.workDirectory().resolve("cold-memory.log"), config.timeout());
        for (String line : output.split("\n")) {
            if (line.startsWith("heap-per-waiting ")) {
                String[] values = line.trim().split(" ");
                return new LatenessScenario.Memory(Integer.parseInt(values[1]), Long.parseLong(values[2]),
                        Long.parseLong(values[3]), Long.parseLong(values[4]), -1, -1);
            }
        }
        throw new IllegalStateException("the fresh JVM memory probe printed no result; see "
                + options.workDirectory().resolve("cold-memory.log"));
    }

    void claimCost(PrivateRedis redis) throws Exception {
        report.section("Claim cost as due conversations grow (one thread, claim then release)");
        ClaimScenario scenario = new ClaimScenario(redis);
        List<ClaimScenario.Result> results = new ArrayList<>();
        for (int due : config.claimDueCounts()) {
            log.info("claim cost: {} due conversations", due);
            results.addAll(scenario.run(due, List.of(1, 16), config.claimSamples()));
        }
        redis.reset();
        int smallest = config.claimDueCounts().getFirst();
        int largest = config.claimDueCounts().getLast();
        for (ClaimScenario.Result result : results) {
            double reference = results.stream()
                    .filter(other -> other.due() == smallest && other.batch() == result.batch())
                    .mapToDouble(ClaimScenario.Result::claimsPerSecond).findFirst().orElse(0);
            boolean checked = result.due() == largest;
            report.row(new Row(count(result.due()) + " due, claim(max " + result.batch() + "), claims/s",
                    count(result.claimsPerSecond()), count(smallest) + " due: " + count(reference),
                    ratio(result.claimsPerSecond(), reference), checked ? ">= 0.8x" : "",
                    checked ? verdict(reference > 0, result.claimsPerSecond() >= 0.8 * reference) : Verdict.NONE));
        }
        report.note(count(config.claimSamples()) + " timed claims per row, up to 100 leased at a time and released untimed, "
                + "so the backlog stays the same; only time inside claim() counts. Seeding "
                + count(largest) + " conversations with the adapter's enqueue script, pipelined, took "
                + decimal(results.getLast().seedSeconds(), 1) + " s.");
    }

    void repair(PrivateRedis redis) {
        log.info("startup repair: {} conversations", config.repairConversations());
        RepairScenario.Result result = new RepairScenario(redis).run(config.repairConversations());
        redis.reset();
        report.section("Startup repair");
        report.row(new Row(count(result.conversations()) + " queued conversations, schedule lost: seconds (repaired)",
                decimal(result.lostSeconds(), 2) + " (" + count(result.repairedLost()) + ")", "", "",
                "all repaired", verdict(true, result.repairedLost() == result.conversations())));
        report.row("same, all already due (a normal restart): seconds (repaired)",
                decimal(result.scanSeconds(), 2) + " (" + count(result.repairedScan()) + ")");
    }

    private static String ms(long micros) {
        return decimal(micros / 1000.0, 1);
    }
}
