package dev.pacer.adapters.redis;

import dev.pacer.application.DispatchReplies;
import dev.pacer.application.DispatchSettings;
import dev.pacer.application.DispatcherLoop;
import dev.pacer.application.SystemWorkerClock;
import dev.pacer.application.port.ChatGateway;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.application.port.WorkerClock;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.RetryPolicy;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.redisson.api.RedissonClient;

/**
 * One simulated Pacer instance: its own Redisson client, store and {@link DispatcherLoop} around
 * the real {@link DispatchReplies}.
 */
final class TestDispatcher implements AutoCloseable {

    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(400), 0.2);

    private final RedissonClient client;
    private final RedisStore store;
    private final ExecutorService aiExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final DispatcherLoop loop;

    TestDispatcher(RedisSettings settings, ReplyGenerator generator, ChatGateway gateway, PacingPolicy pacing,
            DispatchSettings dispatch, WorkerClock clock) {
        this.client = RedisClients.create(settings);
        this.store = new RedisStore(client, settings);
        DispatchReplies replies = new DispatchReplies(store.queue(), store.history(), generator, gateway, clock, pacing,
                RETRY, dispatch, new Random(7), aiExecutor);
        this.loop = new DispatcherLoop(replies, store.queue());
    }

    TestDispatcher(RedisSettings settings, ReplyGenerator generator, ChatGateway gateway, DispatchSettings dispatch) {
        this(settings, generator, gateway, PacingPolicy.immediate(), dispatch, new SystemWorkerClock());
    }

    static DispatchSettings dispatchSettings(Duration leaseTtl) {
        return new DispatchSettings(16, 8, leaseTtl, 2, Duration.ofMillis(500));
    }

    TestDispatcher start() {
        loop.start();
        return this;
    }

    RedisStore store() {
        return store;
    }

    /** Simulates a crashed process: the client goes away at once, no lease is released. */
    void crash() {
        client.shutdown();
    }

    @Override
    public void close() {
        try {
            loop.stop(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        aiExecutor.shutdownNow();
        store.close();
        if (!client.isShutdown()) {
            client.shutdown();
        }
    }
}
