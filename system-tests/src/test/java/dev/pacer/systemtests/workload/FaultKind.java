package dev.pacer.systemtests.workload;

import java.util.Arrays;
import java.util.List;

/** The faults the injector can cause. */
public enum FaultKind {
    /** SIGKILL one Pacer instance, then start it again. */
    INSTANCE_SIGKILL,
    /** SIGTERM one Pacer instance, wait for its graceful exit, then start it again. */
    INSTANCE_SIGTERM,
    /** SIGTERM Redis, then start it on the same port and directory. */
    REDIS_SIGTERM,
    /** SIGKILL Redis, then start it on the same port and directory. */
    REDIS_SIGKILL,
    /**
     * SIGKILL Redis and start it from a copy of its append-only files taken one second earlier,
     * as a machine crash leaves them under {@code appendfsync everysec}. Not a fault that a Redis
     * syncing every write can suffer.
     */
    REDIS_CRASH_ROLLBACK,
    /** Make the next few AI calls fail with 500 or 503. */
    AI_FAILURE,
    /** Make the next few AI calls hang past Pacer's AI timeout. */
    AI_HANG,
    /** Make every AI call slower than the longest reply delay for a few seconds. */
    AI_SLOW,
    /** Make the next AI call return a 200 whose body is not a completion. */
    AI_MALFORMED,
    /** Make the webhook receiver respond 500 for a few seconds. */
    WEBHOOK_FAILURE;

    /** Returns every kind that a Redis with an append-only file synced on every write can suffer. */
    public static List<FaultKind> forDurableRedis() {
        return Arrays.stream(values()).filter(kind -> kind != REDIS_CRASH_ROLLBACK).toList();
    }

    public boolean stopsRedis() {
        return this == REDIS_SIGTERM || this == REDIS_SIGKILL || this == REDIS_CRASH_ROLLBACK;
    }

    /** Tells whether the fault may lose writes that Redis acknowledged. */
    public boolean losesWrites() {
        return this == REDIS_SIGKILL || this == REDIS_CRASH_ROLLBACK;
    }
}
