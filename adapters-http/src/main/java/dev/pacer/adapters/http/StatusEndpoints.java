package dev.pacer.adapters.http;

import dev.pacer.application.QueueStats;
import dev.pacer.application.port.StoreHealth;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health/live}, {@code GET /health/ready} and {@code GET /v1/stats}. */
final class StatusEndpoints {

    record Health(String status) {}

    record StatsResponse(long dueConversations, long leasedConversations, long deadLetters) {}

    private static final Logger log = LoggerFactory.getLogger(StatusEndpoints.class);

    private final StoreHealth storeHealth;
    private final QueueStats queueStats;

    StatusEndpoints(StoreHealth storeHealth, QueueStats queueStats) {
        this.storeHealth = storeHealth;
        this.queueStats = queueStats;
    }

    /** Responds 200 while the process serves requests, without asking the store. */
    void live(Context ctx) {
        ctx.json(new Health("up"));
    }

    /** Responds 200 while the store passes its health check, otherwise 503 with Retry-After. */
    void ready(Context ctx) {
        if (!storeAvailable()) {
            throw new ProblemException(Problems.notReady(), ProblemMapper.retryAfter(ProblemMapper.STORE_RETRY_AFTER));
        }
        ctx.json(new Health("ready"));
    }

    /** Reports due, leased and dead-lettered counts, read one after another rather than atomically. */
    void stats(Context ctx) {
        QueueStats.Snapshot snapshot = queueStats.snapshot();
        ctx.json(new StatsResponse(snapshot.dueConversations(), snapshot.leasedConversations(), snapshot.deadLetters()));
    }

    private boolean storeAvailable() {
        try {
            return storeHealth.isAvailable();
        } catch (RuntimeException e) {
            // The port promises not to throw, but a readiness probe has to respond even if it does.
            log.warn("store health check threw instead of returning, so the instance reports not ready", e);
            return false;
        }
    }
}
