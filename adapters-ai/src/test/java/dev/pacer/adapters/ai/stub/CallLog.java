package dev.pacer.adapters.ai.stub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The calls the stub has responded to, in that order, and its concurrency counters. */
final class CallLog {

    private final List<RecordedCall> calls = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    /** Counts a call that has started. */
    void enter() {
        int now = inFlight.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
    }

    /** Counts a call as finished, because its response is about to be sent, and stores it. */
    void exit(RecordedCall call) {
        inFlight.decrementAndGet();
        synchronized (calls) {
            calls.add(call);
        }
    }

    List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    /** Forgets the finished calls and restarts the maximum from the calls in flight now. */
    void clear() {
        synchronized (calls) {
            calls.clear();
        }
        maxConcurrent.set(inFlight.get());
    }
}
