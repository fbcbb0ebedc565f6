package dev.pacer.bootstrap.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The events received during a run, in arrival order. Thread safe. */
final class EventLog {

    private final RunClock clock;
    private final List<ObservedEvent> events = new ArrayList<>();
    private final Set<String> answered = new HashSet<>();

    EventLog(RunClock clock) {
        this.clock = clock;
    }

    /** Stores {@code event} with the next sequence number and the current time. */
    synchronized void record(PacerEvent event) {
        events.add(new ObservedEvent(events.size(), clock.elapsed(), event));
        if (event.isReply()) {
            answered.addAll(event.inReplyTo());
            notifyAll();
        }
    }

    /**
     * Blocks until a reply has arrived for every id in {@code messageIds}, or until {@code timeout} has passed.
     *
     * @return whether every message got a reply
     */
    synchronized boolean awaitReplies(Set<String> messageIds, Duration timeout) throws InterruptedException {
        Set<String> waiting = new HashSet<>(messageIds);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            waiting.removeAll(answered);
            if (waiting.isEmpty()) {
                return true;
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                return false;
            }
            wait(Math.max(1, remainingNanos / 1_000_000));
        }
    }

    synchronized List<ObservedEvent> snapshot() {
        return List.copyOf(events);
    }
}
