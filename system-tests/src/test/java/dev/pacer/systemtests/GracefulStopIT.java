package dev.pacer.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pacer.systemtests.check.CheckLimits;
import dev.pacer.systemtests.check.Report;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop (SIGTERM) while replies are being delivered. Without a crash each message is
 * answered once, so a stop must not make Pacer send a delivered reply again.
 */
class GracefulStopIT {

    /**
     * Stops the instance while the webhook takes 1.5 s per reply, within the 2 s lease. The
     * shutdown grace is 300 ms, so it ends before the deliveries in flight do.
     */
    @Test
    void stopDuringDeliveryDoesNotRepeatIt() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_ALWAYS)
                .withInstances(1)
                .withShutdownGrace(Duration.ofMillis(300));
        FaultRun.Options options = new FaultRun.Options("graceful-stop", cluster, CheckLimits.strict(cluster),
                4, 1, Duration.ofMillis(500), List.of(), 0, Duration.ofSeconds(30),
                (pacer, faults) -> {
                    pacer.webhook().delayReplies(Duration.ofMillis(1500));
                    Instant deadline = Instant.now().plusSeconds(20);
                    while (pacer.webhook().repliesInFlight() == 0 && Instant.now().isBefore(deadline)) {
                        Thread.sleep(10);
                    }
                    faults.terminateAndRestart(pacer.instances().getFirst(), Duration.ofMillis(200));
                });

        Report report = new FaultRun(options, SystemTestConfig.seed()).execute();

        assertThat(report.repliedMessages()).as("answered messages").isEqualTo(4);
        assertThat(report.repeats(Report.RepeatCause.INSTANCE_SIGTERM)).as("repeats after a graceful stop").isEmpty();
        assertThat(report.repeats(Report.RepeatCause.UNEXPLAINED)).as("unexplained repeats").isEmpty();
    }

    /**
     * Stops the instance while its first AI call is open. Every call takes 8 s, within the AI
     * timeout of 10 s, and the grace of 300 ms ends long before, so the instance releases the
     * lease. The restarted instance must not call the AI for that conversation while the first
     * call is open.
     */
    @Test
    void stopDuringAiCallDoesNotOverlapTheNext() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_ALWAYS)
                .withInstances(1)
                .withShutdownGrace(Duration.ofMillis(300))
                .withLeaseTtl(Duration.ofSeconds(10))
                .withAiTimeout(Duration.ofSeconds(10));
        FaultRun.Options options = new FaultRun.Options("stop-during-ai-call", cluster, CheckLimits.strict(cluster),
                1, 1, Duration.ofMillis(500), List.of(), 0, Duration.ofSeconds(40),
                (pacer, faults) -> {
                    pacer.ai().latency(Duration.ofSeconds(8));
                    Instant deadline = Instant.now().plusSeconds(20);
                    while (pacer.ai().inFlight() == 0 && Instant.now().isBefore(deadline)) {
                        Thread.sleep(10);
                    }
                    faults.terminateAndRestart(pacer.instances().getFirst(), Duration.ZERO);
                });

        Report report = new FaultRun(options, SystemTestConfig.seed()).execute();

        assertThat(report.repliedMessages()).as("answered messages").isEqualTo(1);
        assertThat(report.aiOverlaps()).as("overlapping AI calls").isEmpty();
    }
}
