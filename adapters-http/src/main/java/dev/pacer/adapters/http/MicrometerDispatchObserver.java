package dev.pacer.adapters.http;

import dev.pacer.application.QueueStats;
import dev.pacer.application.port.DispatchObserver;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the dispatcher's work as Micrometer meters: replies, pacing lateness, retries, dead
 * letters by reason, lost leases, and the queue sizes read from {@link QueueStats}.
 *
 * <p>Lateness is a histogram with Micrometer's default buckets and no client-side percentiles,
 * because micrometer-registry-prometheus 1.17 exports only the buckets of a timer that has both.
 * In Prometheus, {@code histogram_quantile(0.99, rate(pacer_reply_lateness_seconds_bucket[5m]))}
 * gives the p99, and unlike a client-side percentile it can be aggregated across instances.
 */
public final class MicrometerDispatchObserver implements DispatchObserver {

    private static final Logger log = LoggerFactory.getLogger(MicrometerDispatchObserver.class);
    /** Queue sizes are read from the store at most this often, however often the registry is scraped. */
    private static final Duration STATS_MAX_AGE = Duration.ofSeconds(1);

    private final Counter repliesSent;
    private final Timer lateness;
    private final Counter retries;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Counter leasesLost;
    private final QueueStats queueStats;
    private QueueStats.Snapshot snapshot = new QueueStats.Snapshot(0, 0, 0);
    private long snapshotTakenAt;

    public MicrometerDispatchObserver(MeterRegistry registry, QueueStats queueStats) {
        this.queueStats = queueStats;
        this.repliesSent = Counter.builder("pacer.replies.sent").description("replies delivered").register(registry);
        this.lateness = Timer.builder("pacer.reply.lateness")
                .description("send time minus planned send time, max(start + delay, aiDone), as a histogram "
                        + "for histogram_quantile")
                .publishPercentileHistogram()
                .register(registry);
        this.retries = Counter.builder("pacer.replies.retried").description("failed replies scheduled again").register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("pacer.dead.letters.added")
                    .description("messages moved to the dead letters")
                    .tag("reason", reason.name().toLowerCase())
                    .register(registry));
        }
        this.leasesLost = Counter.builder("pacer.leases.lost")
                .description("replies abandoned because their lease expired")
                .register(registry);

        gauge(registry, "pacer.conversations.due", "conversations waiting for a worker", QueueStats.Snapshot::dueConversations);
        gauge(registry, "pacer.conversations.leased", "conversations being served", QueueStats.Snapshot::leasedConversations);
        gauge(registry, "pacer.dead.letters", "dead letters kept", QueueStats.Snapshot::deadLetters);
    }

    @Override
    public void replySent(Message message, Duration late) {
        repliesSent.increment();
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    @Override
    public void replyRetried(Message message, Duration backoff) {
        retries.increment();
    }

    @Override
    public void deadLettered(DeadLetter letter) {
        deadLetters.get(letter.reason()).increment();
    }

    @Override
    public void leaseLost(ConversationKey conversation) {
        leasesLost.increment();
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<QueueStats.Snapshot> value) {
        Gauge.builder(name, this, observer -> value.applyAsDouble(observer.currentSnapshot()))
                .description(description)
                .register(registry);
    }

    private synchronized QueueStats.Snapshot currentSnapshot() {
        long now = System.nanoTime();
        if (now - snapshotTakenAt > STATS_MAX_AGE.toNanos()) {
            try {
                snapshot = queueStats.snapshot();
                snapshotTakenAt = now;
            } catch (RuntimeException e) {
                log.debug("queue sizes unavailable for metrics; reporting the last known values", e);
            }
        }
        return snapshot;
    }
}
