package dev.pacer.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pacer.systemtests.check.CheckLimits;
import dev.pacer.systemtests.check.Report;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.RedisServer;
import dev.pacer.systemtests.workload.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Work that outlives its lease: a worker that is still sending or still waiting for the AI when
 * its lease runs out must not be joined by a second worker on the same conversation.
 */
class LeaseOutlivedIT {

    /**
     * Delays the webhook's response to each reply by 2.6 s, within the webhook timeout of 3 s but
     * past the lease of 2 s, which the worker does not renew while it sends.
     */
    @Test
    void slowWebhookDeliveryIsNotRepeated() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_ALWAYS).withInstances(2);
        FaultRun.Options options = new FaultRun.Options("slow-webhook", cluster, CheckLimits.strict(cluster),
                4, 1, Duration.ofSeconds(1), List.of(), 0, Duration.ofSeconds(12),
                (pacer, faults) -> pacer.webhook().delayReplies(Duration.ofMillis(2600)));

        Report report = new FaultRun(options, SystemTestConfig.seed()).execute();

        assertThat(report.repliedMessages()).as("answered messages").isEqualTo(4);
        assertThat(report.sendOverlaps()).as("overlapping webhook deliveries").isEmpty();
        assertThat(report.repeats(Report.RepeatCause.UNEXPLAINED)).as("repeated deliveries").isEmpty();
    }

    /**
     * Makes the first AI call hang for 12 s, within the AI timeout of 15 s, and stops Redis for 3 s
     * meanwhile. Pacer requires the lease TTL to be at least the AI timeout, so the 15 s lease outlasts
     * the outage. The next worker must not call the AI while the first call is still open.
     */
    @Test
    void abandonedAiCallDoesNotOverlapTheNext() throws Exception {
        assumeTrue(RedisServer.binaryAvailable(), "redis-server is not on the PATH");
        ClusterSettings cluster = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_ALWAYS)
                .withInstances(2)
                .withLeaseTtl(Duration.ofSeconds(15))
                .withAiTimeout(Duration.ofSeconds(15));
        FaultRun.Options options = new FaultRun.Options("abandoned-ai-call", cluster, CheckLimits.strict(cluster),
                1, 1, Duration.ofMillis(500), List.of(), 0, Duration.ofSeconds(40),
                (pacer, faults) -> {
                    pacer.ai().hangNext(1, Duration.ofSeconds(12));
                    Instant deadline = Instant.now().plusSeconds(20);
                    while (pacer.ai().inFlight() == 0 && Instant.now().isBefore(deadline)) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(200);
                    faults.restartRedis(FaultKind.REDIS_SIGKILL, Duration.ofSeconds(3));
                });

        Report report = new FaultRun(options, SystemTestConfig.seed()).execute();

        assertThat(report.repliedMessages()).as("answered messages").isEqualTo(1);
        assertThat(report.aiOverlaps()).as("overlapping AI calls").isEmpty();
    }
}
