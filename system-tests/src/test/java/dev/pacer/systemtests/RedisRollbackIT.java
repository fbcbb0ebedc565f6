package dev.pacer.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pacer.systemtests.check.CheckLimits;
import dev.pacer.systemtests.check.Report;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.RedisServer;
import dev.pacer.systemtests.workload.PlannedMessage;
import dev.pacer.systemtests.workload.WorkloadPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Redis that comes back with its last second of writes missing, as after a machine crash under
 * {@code appendfsync everysec} or a failover to a replica that lagged. A worker that claimed a
 * conversation in the lost second is still running, and the store hands the conversation to a
 * second worker. Whatever the store lost, the first worker must not send or acknowledge anything
 * for that conversation any more.
 */
class RedisRollbackIT {

    /**
     * Runs one conversation through this sequence. Its first message fails once and waits 3 s for
     * its retry, and the append-only files are copied during that wait. A worker claims the retry
     * and hangs 3.5 s in the AI call, between two renewals of its 6 s lease. Redis is then restarted
     * from the copy, so the conversation is due again and a second worker claims it and hangs 2.5 s.
     * Nine more messages arrive meanwhile. The first worker's call ends while the second one still
     * works through the queue.
     */
    @Test
    void workerFromLostSecondStopsAfterRollback() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_EVERYSEC)
                .withInstances(2)
                .withLeaseTtl(Duration.ofSeconds(6))
                .withRetryBackoff(Duration.ofSeconds(3))
                .withAiTimeout(Duration.ofSeconds(6));
        FaultRun.Options options = new FaultRun.Options("redis-rollback", cluster, CheckLimits.everysec(cluster),
                1, 10, Duration.ofSeconds(5), List.of(), 0, Duration.ofSeconds(40),
                (pacer, faults) -> {
                    pacer.ai().failNext(1, 500);
                    pacer.ai().hangNext(1, Duration.ofMillis(3500));
                    pacer.ai().hangNext(1, Duration.ofMillis(2500));
                    await(() -> !pacer.ai().calls().isEmpty());
                    Thread.sleep(1000);
                    Instant copiedAt = Instant.now();
                    Path copy = pacer.redis().copyAppendOnlyFiles();
                    await(() -> pacer.ai().inFlight() > 0);
                    Thread.sleep(300);
                    faults.rollBackRedisTo(copy, copiedAt);
                });

        Report report = new FaultRun(options, SystemTestConfig.seed(), plan()).execute();

        assertThat(report.lost()).as("messages lost outside the fsync window").isEmpty();
        assertThat(report.repeats(Report.RepeatCause.UNEXPLAINED)).as("unexplained repeats").isEmpty();
        assertThat(report.pacingViolations()).as("pacing violations").isEmpty();
    }

    /** Plans one message at once and nine more 5 s later, after the rollback. */
    private static WorkloadPlan plan() {
        List<PlannedMessage> later = new ArrayList<>();
        for (int sequence = 1; sequence < 10; sequence++) {
            later.add(PlannedMessage.of(0, sequence, "after the rollback"));
        }
        return new WorkloadPlan(List.of(new WorkloadPlan.ConversationPlan(0, List.of(
                new WorkloadPlan.Burst(Duration.ZERO, List.of(PlannedMessage.of(0, 0, "before the rollback"))),
                new WorkloadPlan.Burst(Duration.ofSeconds(5), later)))), Duration.ofSeconds(5));
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(Condition condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the scenario's condition did not hold within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
