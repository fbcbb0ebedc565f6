package dev.pacer.benchmarks.system;

import dev.pacer.adapters.ai.OfflineReplyGenerator;
import dev.pacer.adapters.redis.RedisClients;
import dev.pacer.adapters.redis.RedisSettings;
import dev.pacer.adapters.redis.RedisStore;
import dev.pacer.application.DispatchReplies;
import dev.pacer.application.DispatchSettings;
import dev.pacer.application.DispatcherLoop;
import dev.pacer.application.RepairQueues;
import dev.pacer.application.SystemWorkerClock;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.RetryPolicy;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import org.redisson.api.RedissonClient;

/**
 * One dispatcher instance inside the driver's JVM, with its own Redisson client. It is wired as
 * the service's bootstrap wires it with the offline generator: claim batches of up to 16, a 30 s
 * lease, no history read, a one-second idle wait and a virtual thread per AI call. Replies go to
 * a {@link ReplyRecorder} in place of the webhook or server-sent events.
 */
public final class PacerInstance implements AutoCloseable {

    /** The service's claim batch (bootstrap's CoreModule), so in-process runs claim as the jar does. */
    private static final int CLAIM_BATCH = 16;
    private static final Duration LEASE_TTL = Duration.ofSeconds(30);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final RedissonClient client;
    private final RedisStore store;
    private final DispatcherLoop loop;

    private PacerInstance(RedissonClient client, RedisStore store, DispatcherLoop loop) {
        this.client = client;
        this.store = store;
        this.loop = loop;
    }

    /** Connects to {@code redisUrl}, runs the startup repair and builds the loop without starting it. */
    public static PacerInstance create(String redisUrl, int workers, PacingPolicy pacing, ReplyRecorder recorder) {
        RedisSettings settings = RedisSettings.defaults(redisUrl);
        RedissonClient client = RedisClients.create(settings);
        RedisStore store = new RedisStore(client, settings);

        DispatchSettings dispatchSettings = new DispatchSettings(
                workers, Math.min(CLAIM_BATCH, workers), LEASE_TTL, 0, IDLE_WAIT);
        DispatchReplies dispatch = new DispatchReplies(
                store.queue(), store.history(), recorder.checking(new OfflineReplyGenerator()), recorder,
                new SystemWorkerClock(), pacing, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2),
                dispatchSettings, new SplittableRandom(), Executors.newVirtualThreadPerTaskExecutor());

        new RepairQueues(store.queue()).run();
        return new PacerInstance(client, store, new DispatcherLoop(dispatch, store.queue()));
    }

    public void start() {
        loop.start();
    }

    public RedisStore store() {
        return store;
    }

    /** Waits at most {@code timeout} until no conversation is in service, and returns false when the time ran out first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (loop.inService() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            loop.stop(Duration.ofSeconds(5));
        } finally {
            store.close();
            client.shutdown();
        }
    }
}
