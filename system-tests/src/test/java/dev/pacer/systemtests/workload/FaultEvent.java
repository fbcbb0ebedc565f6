package dev.pacer.systemtests.workload;

import java.time.Instant;

/**
 * One fault as it happened.
 *
 * @param target the instance name, {@code redis}, {@code ai} or {@code webhook}
 * @param startedAt when the signal was sent or the failure began
 * @param endedAt when the target was back: the restarted process responded, the failure window
 *     closed, or for one-shot AI responses the moment they were programmed
 */
public record FaultEvent(FaultKind kind, String target, Instant startedAt, Instant endedAt, String detail) {

    /** Tells whether the fault was in effect at some moment of {@code [from, to]}. */
    public boolean overlaps(Instant from, Instant to) {
        return !startedAt.isAfter(to) && !endedAt.isBefore(from);
    }
}
