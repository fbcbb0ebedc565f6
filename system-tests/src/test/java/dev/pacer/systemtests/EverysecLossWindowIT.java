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
import org.junit.jupiter.api.Test;

/**
 * Measures what {@code appendfsync everysec} costs. Redis is SIGKILLed under load, which loses
 * nothing that Redis already wrote to the operating system. It is also restarted from a copy of
 * its append-only files taken one second before the kill, which is what a machine crash leaves
 * when the last fsync was a second ago. The run reports the losses and the longest window between
 * an acceptance and the crash that lost it. It fails on a loss that no crash explains, and on a
 * broken order, overlap or pacing rule.
 *
 * <p>A crash right after a claim used to hand out a lease token twice; {@link RedisRollbackIT}
 * reproduces that case every time.
 */
class EverysecLossWindowIT {

    @Test
    void lossStaysWithinTheFsyncWindow() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        boolean full = SystemTestConfig.full();
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_EVERYSEC);
        FaultRun.Options options = new FaultRun.Options(
                full ? "everysec-run-full" : "everysec-run-bounded",
                cluster,
                CheckLimits.everysec(cluster),
                full ? 100 : 40,
                full ? 10 : 8,
                full ? Duration.ofSeconds(60) : Duration.ofSeconds(30),
                List.of(FaultKind.REDIS_SIGKILL, FaultKind.REDIS_CRASH_ROLLBACK, FaultKind.REDIS_CRASH_ROLLBACK),
                full ? 2 : 1,
                Duration.ofSeconds(90),
                FaultRun.Scenario.NONE);

        Report report = new FaultRun(options, SystemTestConfig.seed()).execute();

        assertThat(report.lost()).as("losses outside the fsync window of a Redis SIGKILL").isEmpty();
        assertThat(report.orderViolations()).as("order violations").isEmpty();
        assertThat(report.aiOverlaps()).as("overlapping AI calls").isEmpty();
        assertThat(report.sendOverlaps()).as("overlapping webhook deliveries").isEmpty();
        assertThat(report.repeats(Report.RepeatCause.UNEXPLAINED)).as("unexplained repeats").isEmpty();
        assertThat(report.pacingViolations()).as("pacing violations").isEmpty();
    }
}
