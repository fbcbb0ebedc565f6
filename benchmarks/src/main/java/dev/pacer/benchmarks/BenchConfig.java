package dev.pacer.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of one whole-system run. {@link #fullRun()} is the run behind docs/benchmarks.md, and
 * {@link #smokeRun()} only proves in a few seconds that every scenario still starts and finishes.
 *
 * @param concurrency client concurrency of every load: enqueue callers, HTTP clients, dispatcher
 *     workers per instance, redis-benchmark clients and the BullMQ worker
 * @param conversations conversations queued for the dispatch runs
 * @param messagesPerConversation messages queued per conversation for the dispatch runs
 * @param warmupConversations conversations enqueued and dispatched once, untimed, before the first measurement
 * @param httpRequests timed POST /v1/messages requests
 * @param httpWarmupRequests untimed requests sent first
 * @param redisBenchmarkRequests requests per redis-benchmark test
 * @param latenessConversations waiting conversations of each pacing lateness run
 * @param latenessBaseDelay base reply delay of the lateness runs, long enough that every conversation is
 *     claimed before the first reply is due
 * @param claimDueCounts due conversations of each claim cost run
 * @param claimSamples conversations claimed and timed per claim cost measurement
 * @param repairConversations conversations with queued messages but no schedule for the repair run
 * @param roundTripConversations conversations of the MONITOR run that counts commands per message
 * @param timeout longest time one scenario may take before the run fails
 */
public record BenchConfig(
        boolean smoke,
        int concurrency,
        int conversations,
        int messagesPerConversation,
        int warmupConversations,
        int httpRequests,
        int httpWarmupRequests,
        int redisBenchmarkRequests,
        List<Integer> latenessConversations,
        Duration latenessBaseDelay,
        List<Integer> claimDueCounts,
        int claimSamples,
        int repairConversations,
        int roundTripConversations,
        Duration timeout) {

    public static BenchConfig fullRun() {
        return new BenchConfig(false, 50, 10_000, 10, 2_000, 50_000, 5_000, 200_000,
                List.of(1_000, 10_000), Duration.ofSeconds(8), List.of(100, 10_000, 1_000_000), 10_000,
                100_000, 1_000, Duration.ofMinutes(5));
    }

    public static BenchConfig smokeRun() {
        return new BenchConfig(true, 4, 40, 3, 10, 200, 20, 1_000,
                List.of(10, 30), Duration.ofMillis(600), List.of(10, 100, 1_000), 100,
                500, 10, Duration.ofMinutes(2));
    }

    /** Returns the number of messages of one dispatch run. */
    public int messages() {
        return conversations * messagesPerConversation;
    }
}
