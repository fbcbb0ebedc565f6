package dev.pacer.systemtests.workload;

import dev.pacer.systemtests.process.PacerCluster;
import dev.pacer.systemtests.process.PacerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Causes faults at moments drawn from a seed while the workload runs. Every kind in the schedule
 * happens at least once. A process fault runs in the background (signal, downtime, restart), so
 * the next fault may start while an instance or Redis is still down. Two faults never hit the
 * same process at once.
 */
public final class FaultInjector {

    /** A fault and its offset from the start of the run. */
    public record ScheduledFault(Duration at, FaultKind kind) {}

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);
    private static final Duration RESTART_DEADLINE = Duration.ofMinutes(2);
    /** How much a rollback loses: the one second between fsyncs under {@code appendfsync everysec}. */
    private static final Duration ROLLBACK = Duration.ofSeconds(1);

    private final PacerCluster cluster;
    private final Random random;
    private final List<ScheduledFault> schedule;
    private final List<FaultEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<PacerProcess> busyInstances = ConcurrentHashMap.newKeySet();
    private final Semaphore redisFree = new Semaphore(1);
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private Thread runner;

    private FaultInjector(PacerCluster cluster, Random random, List<ScheduledFault> schedule) {
        this.cluster = cluster;
        this.random = random;
        this.schedule = List.copyOf(schedule);
    }

    /**
     * Plans {@code repeats} faults of each kind in {@code kinds}, in an order and at moments drawn
     * from {@code seed}, spread over the middle 80 % of {@code period}.
     */
    public static FaultInjector plan(PacerCluster cluster, long seed, List<FaultKind> kinds, int repeats, Duration period) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<FaultKind> order = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            order.addAll(kinds);
        }
        Collections.shuffle(order, random);

        List<ScheduledFault> schedule = new ArrayList<>();
        long start = period.toMillis() / 10;
        long slot = (period.toMillis() * 8 / 10) / Math.max(1, order.size());
        for (int i = 0; i < order.size(); i++) {
            long at = start + i * slot + (long) (random.nextDouble() * slot * 0.8);
            schedule.add(new ScheduledFault(Duration.ofMillis(at), order.get(i)));
        }
        return new FaultInjector(cluster, random, schedule);
    }

    public List<ScheduledFault> schedule() {
        return schedule;
    }

    /** Starts causing the scheduled faults, counting offsets from now. */
    public void start() {
        Instant origin = Instant.now();
        runner = Thread.ofPlatform().name("fault-injector").start(() -> run(origin));
    }

    /**
     * Waits until every scheduled fault has happened and every process it stopped runs again, then
     * returns the events in the order they started.
     */
    public List<FaultEvent> awaitCompletion(Duration timeout) throws InterruptedException {
        runner.join(timeout.toMillis());
        background.shutdown();
        if (runner.isAlive() || !background.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("faults did not finish within " + timeout.toSeconds() + " s");
        }
        synchronized (events) {
            return events.stream().sorted((a, b) -> a.startedAt().compareTo(b.startedAt())).toList();
        }
    }

    private void run(Instant origin) {
        try {
            for (ScheduledFault fault : schedule) {
                Duration wait = Duration.between(Instant.now(), origin.plus(fault.at()));
                if (wait.isPositive()) {
                    Thread.sleep(wait);
                }
                fire(fault.kind());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fire(FaultKind kind) throws InterruptedException {
        switch (kind) {
            case INSTANCE_SIGKILL -> {
                PacerProcess target = claimInstance();
                Duration down = Duration.ofMillis(300 + random.nextInt(1200));
                background.execute(() -> releasing(target, () -> killAndRestart(target, down)));
            }
            case INSTANCE_SIGTERM -> {
                PacerProcess target = claimInstance();
                Duration pause = Duration.ofMillis(200 + random.nextInt(600));
                background.execute(() -> releasing(target, () -> terminateAndRestart(target, pause)));
            }
            case REDIS_SIGTERM, REDIS_SIGKILL, REDIS_CRASH_ROLLBACK -> {
                redisFree.acquire();
                Duration down = Duration.ofMillis(500 + random.nextInt(2000));
                background.execute(() -> {
                    try {
                        restartRedis(kind, down);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        redisFree.release();
                    }
                });
            }
            case AI_FAILURE -> {
                int count = 3 + random.nextInt(6);
                int status = random.nextBoolean() ? 500 : 503;
                cluster.ai().failNext(count, status);
                instant(kind, "ai", "next " + count + " calls respond " + status);
            }
            case AI_HANG -> {
                int count = 1 + random.nextInt(3);
                Duration hang = cluster.settings().aiTimeout().plusMillis(1500);
                cluster.ai().hangNext(count, hang);
                instant(kind, "ai", "next " + count + " calls hang " + hang.toMillis() + " ms");
            }
            case AI_MALFORMED -> {
                int count = 1 + random.nextInt(2);
                cluster.ai().malformedNext(count, random.nextBoolean() ? "{\"choices\":[]}" : "not json at all");
                instant(kind, "ai", "next " + count + " calls get a malformed 200");
            }
            case AI_SLOW -> {
                Duration latency = Duration.ofMillis(500 + random.nextInt(400));
                Duration window = Duration.ofMillis(2000 + random.nextInt(2000));
                background.execute(() -> slowAi(latency, window));
            }
            case WEBHOOK_FAILURE -> {
                Duration window = Duration.ofMillis(1000 + random.nextInt(2000));
                Instant start = Instant.now();
                cluster.webhook().failFor(window, 0.3);
                record(kind, "webhook", start, start.plus(window),
                        "500 for " + window.toMillis() + " ms, 30 % of them after processing");
            }
        }
    }

    /** Picks a running instance that no other fault holds, waiting for one if needed. */
    private PacerProcess claimInstance() throws InterruptedException {
        while (true) {
            List<PacerProcess> free = cluster.instances().stream()
                    .filter(instance -> instance.isRunning() && !busyInstances.contains(instance))
                    .toList();
            if (!free.isEmpty()) {
                PacerProcess target = free.get(random.nextInt(free.size()));
                busyInstances.add(target);
                return target;
            }
            Thread.sleep(100);
        }
    }

    /** An action that may be interrupted, run by a background thread. */
    private interface Action {
        void run() throws InterruptedException;
    }

    private void releasing(PacerProcess target, Action action) {
        try {
            action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            busyInstances.remove(target);
        }
    }

    /** SIGKILLs {@code target}, waits {@code down}, starts it again and records the fault; returns when it is live. */
    public void killAndRestart(PacerProcess target, Duration down) throws InterruptedException {
        Instant start = Instant.now();
        long pid = target.pid();
        target.kill();
        Thread.sleep(down);
        int failedStarts = cluster.startUntilLive(target, Instant.now().plus(RESTART_DEADLINE));
        record(FaultKind.INSTANCE_SIGKILL, target.name(), start, Instant.now(),
                "pid " + pid + " killed, down " + down.toMillis() + " ms" + failedStartsNote(failedStarts));
    }

    /**
     * SIGTERMs {@code target}, waits for its exit and then {@code pause}, starts it again and
     * records the fault; returns when it is live.
     */
    public void terminateAndRestart(PacerProcess target, Duration pause) throws InterruptedException {
        Instant start = Instant.now();
        long pid = target.pid();
        boolean exited = target.terminate(cluster.settings().shutdownGrace().plusSeconds(20));
        Instant stopped = Instant.now();
        int exitCode = target.exitCode();
        Thread.sleep(pause);
        int failedStarts = cluster.startUntilLive(target, Instant.now().plus(RESTART_DEADLINE));
        record(FaultKind.INSTANCE_SIGTERM, target.name(), start, Instant.now(),
                "pid " + pid + (exited ? " exited with code " + exitCode : " did not exit and was killed")
                        + " after " + Duration.between(start, stopped).toMillis() + " ms"
                        + failedStartsNote(failedStarts));
    }

    /** Stops Redis with SIGTERM or SIGKILL, keeps it down for {@code down}, starts it again and records the fault. */
    public void restartRedis(FaultKind kind, Duration down) throws InterruptedException {
        if (!kind.stopsRedis()) {
            throw new IllegalArgumentException("not a Redis fault: " + kind);
        }
        if (kind == FaultKind.REDIS_CRASH_ROLLBACK) {
            rollBackRedis();
            return;
        }
        Instant start = Instant.now();
        if (kind == FaultKind.REDIS_SIGKILL) {
            cluster.redis().kill();
        } else {
            cluster.redis().terminate();
        }
        Thread.sleep(down);
        cluster.redis().restart();
        record(kind, "redis", start, Instant.now(), "down " + down.toMillis() + " ms, " + cluster.redis().persistence());
    }

    private void rollBackRedis() throws InterruptedException {
        Instant copiedAt = Instant.now();
        Path copy = cluster.redis().copyAppendOnlyFiles();
        Thread.sleep(ROLLBACK);
        rollBackRedisTo(copy, copiedAt);
    }

    /**
     * SIGKILLs Redis, restarts it from {@code copy} of its append-only files, made at {@code
     * copiedAt} by {@link dev.pacer.systemtests.process.RedisServer#copyAppendOnlyFiles}, and
     * records the fault.
     */
    public void rollBackRedisTo(Path copy, Instant copiedAt) {
        Instant start = Instant.now();
        cluster.redis().killAndRestore(copy);
        record(FaultKind.REDIS_CRASH_ROLLBACK, "redis", start, Instant.now(), "restarted from the append-only files"
                + " copied " + Duration.between(copiedAt, start).toMillis() + " ms before the kill");
    }

    /** Returns the faults recorded so far, in the order they were recorded. */
    public List<FaultEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private void slowAi(Duration latency, Duration window) {
        Instant start = Instant.now();
        cluster.ai().latency(latency);
        try {
            Thread.sleep(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cluster.ai().latency(cluster.settings().aiLatency());
            record(FaultKind.AI_SLOW, "ai", start, Instant.now(),
                    "every call takes " + latency.toMillis() + " ms for " + window.toMillis() + " ms");
        }
    }

    private void instant(FaultKind kind, String target, String detail) {
        Instant now = Instant.now();
        record(kind, target, now, now, detail);
    }

    private void record(FaultKind kind, String target, Instant start, Instant end, String detail) {
        FaultEvent event = new FaultEvent(kind, target, start, end, detail);
        events.add(event);
        log.info("fault {} on {}: {} ({} ms)", kind, target, detail, Duration.between(start, end).toMillis());
    }

    private static String failedStartsNote(int failedStarts) {
        return failedStarts == 0 ? "" : ", " + failedStarts + " start attempts exited before it came up";
    }
}
