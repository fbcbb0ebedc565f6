package dev.pacer.application;

import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.ReplayOutcome;
import dev.pacer.domain.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends dead letters back to their conversations' queues, one by id or all at once. */
public final class ReplayDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(ReplayDeadLetters.class);

    /** The outcome of a bulk replay, one entry per dead letter present when it started. */
    public record Summary(List<ReplayOutcome> outcomes) {

        public long requeued() {
            return outcomes.stream().filter(ReplayOutcome.Requeued.class::isInstance).count();
        }
    }

    private final DeadLetterStore deadLetters;

    public ReplayDeadLetters(DeadLetterStore deadLetters) {
        this.deadLetters = Objects.requireNonNull(deadLetters);
    }

    public ReplayOutcome replay(String id) {
        ReplayOutcome outcome = deadLetters.replay(id);
        switch (outcome) {
            case ReplayOutcome.Requeued requeued -> log.info("dead letter {} requeued: message={} queuePosition={}",
                    id, requeued.messageId(), requeued.queuePosition());
            case ReplayOutcome.NotFound notFound -> log.info("dead letter {} not replayed: no such dead letter", id);
            case ReplayOutcome.Unreadable unreadable ->
                    log.info("dead letter {} not replayed: its entry cannot be read as a message", id);
        }
        return outcome;
    }

    /**
     * Replays every dead letter present when the call starts. Letters added while it runs (for
     * example a replayed message that fails again) wait for the next call, so a bulk replay
     * always ends.
     */
    public Summary replayAll() {
        List<String> ids = deadLetters.list(Integer.MAX_VALUE).stream().map(DeadLetter::id).toList();

        List<ReplayOutcome> outcomes = new ArrayList<>(ids.size());
        for (String id : ids) {
            outcomes.add(deadLetters.replay(id));
        }

        Summary summary = new Summary(outcomes);
        log.info("replayed {} of {} dead letters", summary.requeued(), ids.size());
        return summary;
    }
}
