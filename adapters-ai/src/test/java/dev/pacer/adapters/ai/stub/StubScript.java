package dev.pacer.adapters.ai.stub;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The programmed behaviour of the stub: a latency for every call and one-shot responses in order. */
final class StubScript {

    private final Queue<ScriptedResponse> upcoming = new ConcurrentLinkedQueue<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile String requiredApiKey;

    Duration latency() {
        return latency;
    }

    void latency(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + value);
        }
        latency = value;
    }

    /** Queues {@code response} for each of the next {@code count} calls, after those already queued. */
    void enqueue(int count, ScriptedResponse response) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        Objects.requireNonNull(response, "response");
        for (int i = 0; i < count; i++) {
            upcoming.add(response);
        }
    }

    /** Takes the response queued for the current call, if any. */
    Optional<ScriptedResponse> next() {
        return Optional.ofNullable(upcoming.poll());
    }

    Optional<String> requiredApiKey() {
        return Optional.ofNullable(requiredApiKey);
    }

    void requireApiKey(String key) {
        requiredApiKey = key;
    }

    void reset() {
        upcoming.clear();
        latency = Duration.ZERO;
        requiredApiKey = null;
    }
}
