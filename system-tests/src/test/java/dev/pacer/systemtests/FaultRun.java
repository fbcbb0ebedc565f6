package dev.pacer.systemtests;

import dev.pacer.systemtests.check.CheckLimits;
import dev.pacer.systemtests.check.Checker;
import dev.pacer.systemtests.check.RecordingFiles;
import dev.pacer.systemtests.check.Recordings;
import dev.pacer.systemtests.check.Report;
import dev.pacer.systemtests.fakes.Delivery;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.PacerCluster;
import dev.pacer.systemtests.process.PacerProcess;
import dev.pacer.systemtests.workload.FaultEvent;
import dev.pacer.systemtests.workload.FaultInjector;
import dev.pacer.systemtests.workload.FaultKind;
import dev.pacer.systemtests.workload.PacerClient;
import dev.pacer.systemtests.workload.PlannedMessage;
import dev.pacer.systemtests.workload.SentMessage;
import dev.pacer.systemtests.workload.WorkloadPlan;
import dev.pacer.systemtests.workload.WorkloadSender;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault run from start to report: starts a cluster, sends the workload while the injector
 * causes faults, waits until every accepted message is answered or dead-lettered, collects the
 * recordings and checks them. The report is printed and written to the run's directory.
 */
public final class FaultRun {

    /**
     * Actions of a targeted test that run next to the workload, such as a fault at a chosen
     * moment. It runs on its own thread from just before the first message is sent, and the run
     * waits for it to end before it drains the queues.
     */
    @FunctionalInterface
    public interface Scenario {

        Scenario NONE = (cluster, faults) -> {};

        void run(PacerCluster cluster, FaultInjector faults) throws Exception;
    }

    /**
     * The size and faults of a run.
     *
     * @param faultRepeats how many times each kind of fault in {@code faults} happens at a random moment
     * @param drainTimeout how long to wait after sending for the queues to empty
     */
    public record Options(
            String label,
            ClusterSettings cluster,
            CheckLimits limits,
            int conversations,
            int messagesPerConversation,
            Duration sendingPeriod,
            List<FaultKind> faults,
            int faultRepeats,
            Duration drainTimeout,
            Scenario scenario) {}

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SETTLED = Duration.ofSeconds(10);

    private final Options options;
    private final long seed;
    private final Path directory;
    private final PacerClient client = new PacerClient(Duration.ofSeconds(5));

    private final WorkloadPlan plan;

    /** Prepares a run whose workload is generated from {@code seed}. */
    public FaultRun(Options options, long seed) {
        this(options, seed, WorkloadPlan.generate(seed, options.conversations(), options.messagesPerConversation(),
                options.sendingPeriod()));
    }

    /** Prepares a run with a workload planned by the test, for scenarios that need messages at chosen moments. */
    public FaultRun(Options options, long seed, WorkloadPlan plan) {
        this.options = options;
        this.seed = seed;
        this.plan = plan;
        this.directory = SystemTestConfig.workDir().resolve(options.label() + "-" + seed);
    }

    /** Runs everything and returns the checked report. Every process started is stopped before it returns. */
    public Report execute() throws Exception {
        log.info("{}: seed={} (repeat with -Dpacer.seed={}), logs in {}", options.label(), seed, seed, directory);
        deleteRecursively(directory);

        try (PacerCluster cluster = PacerCluster.start(options.cluster(), SystemTestConfig.jar(), directory, seed)) {
            FaultInjector injector = FaultInjector.plan(cluster, seed, options.faults(), options.faultRepeats(),
                    options.sendingPeriod());
            injector.schedule().forEach(fault -> log.info("scheduled {} at {} ms", fault.kind(), fault.at().toMillis()));

            injector.start();
            ScenarioThread scenario = ScenarioThread.start(options.scenario(), cluster, injector);
            List<SentMessage> sent = new WorkloadSender(client, cluster.instanceUris(), seed, Duration.ofSeconds(60))
                    .send(plan);
            scenario.await(Duration.ofMinutes(3));
            List<FaultEvent> faults = injector.awaitCompletion(Duration.ofMinutes(3));
            ensureAllRunning(cluster);

            drain(cluster, sent);
            // A zombie worker could still send after its lease expired; wait one lease to catch it.
            Thread.sleep(options.cluster().leaseTtl().plusSeconds(1));
            awaitAiIdle(cluster, Duration.ofSeconds(60));

            Recordings recordings = collect(cluster, plan, sent, faults);
            RecordingFiles.write(recordings, directory);
            Report report = new Checker(options.limits()).check(recordings, options.label());
            String text = report.render();
            System.out.println(text);
            Files.writeString(directory.resolve("report.txt"), text, StandardCharsets.UTF_8);
            return report;
        }
    }

    private void ensureAllRunning(PacerCluster cluster) throws InterruptedException {
        for (PacerProcess instance : cluster.instances()) {
            if (!instance.isRunning()) {
                log.warn("{} is not running after the faults; starting it", instance.name());
                cluster.startUntilLive(instance, Instant.now().plusSeconds(60));
            }
        }
    }

    /**
     * Waits until the stub AI has no call open, because the stub records a call only when it
     * responds, and a call that a worker abandoned may still be open after the queues drained.
     */
    private static void awaitAiIdle(PacerCluster cluster, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (cluster.ai().inFlight() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        if (cluster.ai().inFlight() > 0) {
            log.warn("{} AI calls are still open after {} s and are left out of the recordings",
                    cluster.ai().inFlight(), timeout.toSeconds());
        }
    }

    /** Waits until every accepted message has a processed reply or a dead letter and nothing is due or leased. */
    private void drain(PacerCluster cluster, List<SentMessage> sent) throws InterruptedException {
        Instant deadline = Instant.now().plus(options.drainTimeout());
        Instant lastChange = Instant.now();
        int lastOpen = -1;
        Set<String> open = new HashSet<>();
        sent.stream().filter(SentMessage::accepted).forEach(message -> open.add(message.message().messageId()));
        while (Instant.now().isBefore(deadline)) {
            for (Delivery delivery : cluster.webhook().deliveries()) {
                if (delivery.isReply() && delivery.processed()) {
                    open.remove(delivery.messageId());
                }
            }
            URI api = cluster.anyRunning().baseUri();
            try {
                client.deadLetters(api).forEach(letter -> open.remove(letter.messageId()));
                var stats = client.stats(api);
                boolean idle = stats.path("dueConversations").asLong() == 0 && stats.path("leasedConversations").asLong() == 0;
                if (open.isEmpty() && idle) {
                    log.info("drained: every accepted message is answered or dead-lettered");
                    return;
                }
                if (open.size() != lastOpen) {
                    lastOpen = open.size();
                    lastChange = Instant.now();
                }
                // Nothing due or leased and no progress for a while: the open messages are gone from Redis.
                if (idle && Duration.between(lastChange, Instant.now()).compareTo(SETTLED) > 0) {
                    log.warn("drain stopped: nothing is due or leased and {} accepted messages stayed open for {} s",
                            open.size(), SETTLED.toSeconds());
                    return;
                }
                log.info("draining: {} accepted messages open, {} due, {} leased", open.size(),
                        stats.path("dueConversations").asLong(), stats.path("leasedConversations").asLong());
            } catch (IOException e) {
                log.info("draining: API read failed, trying again: {}", e.toString());
            }
            Thread.sleep(POLL);
        }
        log.warn("drain timed out after {} s with {} accepted messages open", options.drainTimeout().toSeconds(), open.size());
    }

    private Recordings collect(PacerCluster cluster, WorkloadPlan plan, List<SentMessage> sent, List<FaultEvent> faults)
            throws IOException, InterruptedException {
        URI api = cluster.anyRunning().baseUri();
        Map<String, List<String>> stillQueued = new TreeMap<>();
        for (WorkloadPlan.ConversationPlan conversation : plan.conversations()) {
            int c = conversation.conversation();
            List<String> pending = client.pending(api, PlannedMessage.botIdOf(c), PlannedMessage.userIdOf(c));
            if (!pending.isEmpty()) {
                stillQueued.put(PlannedMessage.conversationKey(c), pending);
            }
        }
        Map<String, List<String>> logs = new LinkedHashMap<>();
        for (PacerProcess instance : cluster.instances()) {
            // Decoding replaces invalid bytes, because a log line may echo a hostile request.
            logs.put(instance.name(), new String(Files.readAllBytes(instance.logFile()), StandardCharsets.UTF_8).lines().toList());
        }
        return new Recordings(seed, plan.messageCount(), sent, cluster.webhook().deliveries(), cluster.ai().calls(),
                client.deadLetters(api), stillQueued, faults, logs);
    }

    /** Deletes the logs and report of an earlier run with the same label and seed. */
    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    /** The thread of a {@link Scenario}, which passes on what the scenario threw. */
    private static final class ScenarioThread {

        private final Thread thread;
        private volatile Exception failure;

        private ScenarioThread(Scenario scenario, PacerCluster cluster, FaultInjector faults) {
            thread = Thread.ofVirtual().name("scenario").start(() -> {
                try {
                    scenario.run(cluster, faults);
                } catch (Exception e) {
                    failure = e;
                }
            });
        }

        static ScenarioThread start(Scenario scenario, PacerCluster cluster, FaultInjector faults) {
            return new ScenarioThread(scenario, cluster, faults);
        }

        void await(Duration timeout) throws Exception {
            if (!thread.join(timeout)) {
                thread.interrupt();
                throw new IllegalStateException("the scenario did not end within " + timeout.toSeconds() + " s");
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
