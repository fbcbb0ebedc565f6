package dev.pacer.adapters.http;

import dev.pacer.application.QueueStats;
import io.javalin.http.Context;

/** {@code GET /v1/stats}. */
final class StatsEndpoint {

    record StatsResponse(long dueConversations, long leasedConversations, long deadLetters) {}

    private final QueueStats queueStats;

    StatsEndpoint(QueueStats queueStats) {
        this.queueStats = queueStats;
    }

    /** Reports due, leased and dead-lettered counts, read one after another rather than atomically. */
    void stats(Context ctx) {
        QueueStats.Snapshot snapshot = queueStats.snapshot();
        ctx.json(new StatsResponse(snapshot.dueConversations(), snapshot.leasedConversations(), snapshot.deadLetters()));
    }
}
