package dev.pacer.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pacer.systemtests.check.CheckLimits;
import dev.pacer.systemtests.check.Report;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.RedisServer;
import dev.pacer.systemtests.workload.FaultKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three Pacer instances on one Redis with an append-only file synced on every write, and a
 * workload of bursts over many conversations. Every kind of fault happens meanwhile: SIGKILL and
 * SIGTERM of instances, SIGTERM and SIGKILL of Redis, failing, hanging, slow and malformed AI
 * responses, and a failing webhook. Nothing accepted may be lost, and order, single flight and
 * pacing must hold.
 *
 * <p>By default it runs a bounded version (300 messages, each fault once) that fits in the normal
 * build; {@code -Dpacer.system.full=true} runs 2,200 messages over 200 conversations with every
 * fault three times.
 */
class FaultToleranceIT {

    @Test
    void everyGuaranteeHoldsUnderFaults() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        boolean full = SystemTestConfig.full();
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_ALWAYS);
        FaultRun.Options options = new FaultRun.Options(
                full ? "fault-run-full" : "fault-run-bounded",
                cluster,
                CheckLimits.strict(cluster),
                full ? 200 : 30,
                full ? 11 : 10,
                full ? Duration.ofSeconds(150) : Duration.ofSeconds(40),
                FaultKind.forDurableRedis(),
                full ? 3 : 1,
                full ? Duration.ofMinutes(4) : Duration.ofSeconds(90),
                FaultRun.Scenario.NONE);

        Report report = new FaultRun(options, SystemTestConfig.seed()).execute();

        Set<FaultKind> happened = report.faults().stream().map(f -> f.kind()).collect(Collectors.toSet());
        assertThat(happened).as("fault kinds that happened").containsExactlyInAnyOrderElementsOf(FaultKind.forDurableRedis());
        assertThat(report.accepted()).as("accepted messages").isEqualTo(options.conversations() * options.messagesPerConversation());
        assertThat(report.lost()).as("lost messages").isEmpty();
        assertThat(report.orderViolations()).as("order violations").isEmpty();
        assertThat(report.aiOverlaps()).as("overlapping AI calls").isEmpty();
        assertThat(report.sendOverlaps()).as("overlapping webhook deliveries").isEmpty();
        assertThat(report.repeats(Report.RepeatCause.UNEXPLAINED)).as("unexplained repeats").isEmpty();
        assertThat(report.repeats(Report.RepeatCause.INSTANCE_SIGTERM)).as("repeats after a graceful stop").isEmpty();
        assertThat(report.pacingViolations()).as("pacing violations").isEmpty();
        assertThat(report.failures()).as("broken guarantees").isEmpty();
    }
}
