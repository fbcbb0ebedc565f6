package dev.pacer.bootstrap.replay;

import java.util.SequencedSet;

/** A source of Pacer's typing and reply events during a run: event streams or a webhook receiver. */
interface EventSource extends AutoCloseable {

    /**
     * Starts receiving events for {@code chatIds} into the run's event log, and returns once the
     * source is ready, so that no event of the first message can be missed.
     *
     * @throws ReplayFailedException when the source cannot start, for example when Pacer rejects an
     *     event stream or the listen address is in use
     */
    void start(SequencedSet<String> chatIds) throws ReplayFailedException, InterruptedException;

    /** Returns the counts of deliveries that were dropped or repeated so far. */
    EventSourceStats stats();

    /** Stops receiving. Events that arrive afterwards are not recorded. */
    @Override
    void close();
}
