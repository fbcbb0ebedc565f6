package dev.pacer.benchmarks.system;

import dev.pacer.adapters.redis.RedisBenchSupport;
import dev.pacer.adapters.redis.RedisClients;
import dev.pacer.adapters.redis.RedisSettings;
import dev.pacer.adapters.redis.RedisStore;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.benchmarks.infra.RespClient;
import dev.pacer.domain.Message;
import dev.pacer.domain.PacingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * Enqueues conversations through {@code RedisConversationQueue.enqueue} and then dispatches them
 * with zero pacing delay and the offline generator on one or more in-process instances, checking
 * order, single flight and completeness on the way.
 */
public final class DispatchScenario {

    /** The maximum queue length passed to enqueue: the service's default, far above the messages per conversation. */
    private static final int MAX_QUEUED = 100;

    /**
     * @param enqueuePerSecond messages accepted per second by the port
     * @param redisBytesPerMessage growth of Redis used_memory per queued message
     * @param payloadBytes average UTF-8 size of a message text
     * @param storedBytes average size of a message as the adapter stores it (JSON)
     */
    public record Enqueue(int messages, double enqueuePerSecond, double redisBytesPerMessage, double payloadBytes,
            double storedBytes, double redisCpuPercent, double driverCpuPercent) {}

    /**
     * @param commandsPerMessage Redis commands per message, script-invoked ones included
     * @param evalshaPerMessage script calls per message, each one round trip
     */
    public record Dispatch(int instances, int messages, double perSecond, int orderViolations, int overlaps,
            int duplicates, int missing, double commandsPerMessage, double evalshaPerMessage, double redisCpuPercent,
            double driverCpuPercent) {}

    private final PrivateRedis redis;
    private final int concurrency;

    public DispatchScenario(PrivateRedis redis, int concurrency) {
        this.redis = redis;
        this.concurrency = concurrency;
    }

    /** Enqueues every message of {@code set} with {@code concurrency} callers, each conversation's messages in order. */
    public Enqueue enqueue(Conversations set) throws InterruptedException {
        return enqueue(set, Duration.ZERO);
    }

    /**
     * Enqueues like {@link #enqueue(Conversations)}, but starts conversation {@code c} no earlier
     * than {@code c × spread / count} after the start, so arrivals come at a steady rate over
     * {@code spread}. A zero spread enqueues as fast as the callers can.
     */
    public Enqueue enqueue(Conversations set, Duration spread) throws InterruptedException {
        RedisSettings settings = RedisSettings.defaults(redis.url());
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings); RespClient raw = redis.connect()) {
            List<List<Message>> byConversation = new ArrayList<>(set.count());
            long payload = 0;
            long stored = 0;
            for (int c = 0; c < set.count(); c++) {
                List<Message> messages = new ArrayList<>(set.messagesEach());
                for (int m = 0; m < set.messagesEach(); m++) {
                    Message message = set.message(c, m);
                    payload += message.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    stored += RedisBenchSupport.storedJson(message).length();
                    messages.add(message);
                }
                byConversation.add(messages);
            }

            RedisCounters before = RedisCounters.read(raw);
            long startNanos = System.nanoTime();
            long gapNanos = spread.toNanos() / set.count();
            long elapsed = ConcurrentLoad.run(set.count(), concurrency, c -> {
                long waitNanos = startNanos + c * gapNanos - System.nanoTime();
                if (waitNanos > 0) {
                    Thread.sleep(Duration.ofNanos(waitNanos));
                }
                for (Message message : byConversation.get(c)) {
                    EnqueueOutcome outcome = store.queue().enqueue(message, MAX_QUEUED);
                    if (!(outcome instanceof EnqueueOutcome.Accepted)) {
                        throw new IllegalStateException("enqueue of " + message.id() + " returned " + outcome);
                    }
                }
            });
            RedisCounters after = RedisCounters.read(raw);

            int messages = set.messages();
            return new Enqueue(messages, messages / seconds(elapsed),
                    (after.usedMemory() - before.usedMemory()) / (double) messages,
                    payload / (double) messages, stored / (double) messages, after.redisCpuPercentSince(before),
                    after.driverCpuPercentSince(before));
        } finally {
            client.shutdown();
        }
    }

    /** Dispatches every queued message of {@code set} on {@code instances} instances and waits for the last reply. */
    public Dispatch dispatch(Conversations set, int instances, Duration timeout) throws Exception {
        ReplyRecorder recorder = new ReplyRecorder(set, null);
        List<PacerInstance> running = new ArrayList<>();
        try (RespClient raw = redis.connect()) {
            for (int i = 0; i < instances; i++) {
                running.add(PacerInstance.create(redis.url(), concurrency, PacingPolicy.immediate(), recorder));
            }

            RedisCounters before = RedisCounters.read(raw);
            long started = System.nanoTime();
            for (PacerInstance instance : running) {
                instance.start();
            }
            if (!recorder.awaitSent(set.messages(), timeout)) {
                throw new IllegalStateException("dispatch on " + instances + " instances sent " + recorder.sent()
                        + " of " + set.messages() + " replies within " + timeout.toSeconds() + " s");
            }
            long elapsed = recorder.lastSendNanos() - started;
            RedisCounters after = RedisCounters.read(raw);

            int messages = set.messages();
            return new Dispatch(instances, messages, messages / seconds(elapsed), recorder.orderViolations(),
                    recorder.overlaps(), recorder.duplicates(), recorder.missing(),
                    after.commandsSince(before) / (double) messages,
                    after.callsSince(before, "evalsha") / (double) messages, after.redisCpuPercentSince(before),
                    after.driverCpuPercentSince(before));
        } finally {
            for (PacerInstance instance : running) {
                instance.close();
            }
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
