package dev.pacer.benchmarks.system;

import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.ProcessStats;
import dev.pacer.domain.PacingPolicy;
import java.time.Duration;

/**
 * Pacing lateness with many conversations waiting in their delays at once, and the heap that the
 * waiting costs. Each conversation contains one message, and one in-process instance has a worker
 * for every conversation, so all of them can wait at the same time. The delay has no jitter, so the
 * planned send is the start of the work plus the policy's delay for the reply.
 *
 * <p>Two arrival patterns: steady, where the conversations arrive evenly over 80% of the base
 * delay, so all of them wait at once just before the first reply is due and the replies then go
 * out at the same steady rate. The other is a burst, where all of them are enqueued as fast as possible,
 * so their planned sends are packed into the few seconds the claims took.
 */
public final class LatenessScenario {

    /** Reply delay per character, the service's default. */
    private static final Duration PER_CHAR = Duration.ofMillis(30);
    private static final Duration DEFAULT_MIN = Duration.ofMillis(800);
    private static final Duration DEFAULT_MAX = Duration.ofSeconds(12);
    private static final Duration DEFAULT_TYPING_THRESHOLD = Duration.ofMillis(1500);
    private static final Duration TYPING_REFRESH = Duration.ofSeconds(4);

    /**
     * @param peakWaiting most conversations that showed typing and had no reply yet at one moment
     * @param latencyMicros lateness of each reply, actual send minus planned send, in microseconds
     */
    public record Run(int conversations, boolean burst, int peakWaiting, Percentiles latencyMicros, int sent,
            int orderViolations, int overlaps) {}

    /**
     * Heap in use after full collections and resident size of the driver JVM, before the load
     * (instance started, idle) and while {@code waiting} conversations wait in their delays.
     */
    public record Memory(int waiting, long heapIdle, long heapWaiting, long heapAfter, long rssIdle, long rssWaiting) {

        public double heapBytesPerWaiting() {
            return waiting == 0 ? 0 : (heapWaiting - heapIdle) / (double) waiting;
        }
    }

    public record Result(Run run, Memory memory) {}

    private final PrivateRedis redis;
    private final int enqueueConcurrency;

    public LatenessScenario(PrivateRedis redis, int enqueueConcurrency) {
        this.redis = redis;
        this.enqueueConcurrency = enqueueConcurrency;
    }

    /** Returns the policy of the lateness runs: the service's defaults with {@code base} and no jitter. */
    public static PacingPolicy pacing(Duration base) {
        Duration threshold = base.dividedBy(2).compareTo(DEFAULT_TYPING_THRESHOLD) < 0
                ? base.dividedBy(2)
                : DEFAULT_TYPING_THRESHOLD;
        Duration min = base.compareTo(DEFAULT_MIN) < 0 ? base : DEFAULT_MIN;
        return new PacingPolicy(base, PER_CHAR, Duration.ZERO, min, DEFAULT_MAX, threshold, TYPING_REFRESH);
    }

    public Result run(int conversations, boolean burst, Duration baseDelay, Duration timeout) throws Exception {
        Conversations set = new Conversations((burst ? "burst" : "late") + conversations + "-", conversations, 1);
        PacingPolicy pacing = pacing(baseDelay);
        ReplyRecorder recorder = new ReplyRecorder(set, pacing);

        try (PacerInstance instance = PacerInstance.create(redis.url(), conversations, pacing, recorder)) {
            instance.start();
            long heapIdle = ProcessStats.heapAfterGc();
            long rssIdle = ProcessStats.residentBytes();

            Duration spread = burst ? Duration.ZERO : baseDelay.multipliedBy(4).dividedBy(5);
            new DispatchScenario(redis, enqueueConcurrency).enqueue(set, spread);
            awaitAllStarted(recorder, conversations, timeout);
            int waiting = recorder.started() - recorder.sent();
            long heapWaiting = ProcessStats.heapAfterGc();
            long rssWaiting = ProcessStats.residentBytes();

            if (!recorder.awaitSent(conversations, timeout)) {
                throw new IllegalStateException("lateness run sent " + recorder.sent() + " of " + conversations
                        + " replies within " + timeout.toSeconds() + " s");
            }
            instance.awaitIdle(timeout);
            long heapAfter = ProcessStats.heapAfterGc();

            long[] micros = recorder.latenessNanos();
            for (int i = 0; i < micros.length; i++) {
                micros[i] = micros[i] / 1_000;
            }
            Run run = new Run(conversations, burst, recorder.peakWaiting(), Percentiles.of(micros), recorder.sent(),
                    recorder.orderViolations(), recorder.overlaps());
            return new Result(run, new Memory(waiting, heapIdle, heapWaiting, heapAfter, rssIdle, rssWaiting));
        }
    }

    private static void awaitAllStarted(ReplyRecorder recorder, int conversations, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recorder.started() < conversations && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
