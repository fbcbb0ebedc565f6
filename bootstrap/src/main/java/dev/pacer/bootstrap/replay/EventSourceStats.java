package dev.pacer.bootstrap.replay;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of deliveries that an event source did not record as events.
 *
 * @param malformedEvents events whose data was not JSON or named no message id
 * @param ignoredEvents well-formed events that are neither typing nor reply
 * @param repeatedDeliveries webhook POSTs dropped because their {@code Idempotency-Key} was seen before
 * @param invalidSignatures webhook POSTs rejected because {@code X-Pacer-Signature} did not match
 * @param reconnects event streams opened again after they ended; events in between are lost
 */
record EventSourceStats(
        int malformedEvents, int ignoredEvents, int repeatedDeliveries, int invalidSignatures, int reconnects) {

    static final EventSourceStats NONE = new EventSourceStats(0, 0, 0, 0, 0);

    /** Thread-safe counters that event sources update as deliveries arrive. */
    static final class Counters {

        final AtomicInteger malformedEvents = new AtomicInteger();
        final AtomicInteger ignoredEvents = new AtomicInteger();
        final AtomicInteger repeatedDeliveries = new AtomicInteger();
        final AtomicInteger invalidSignatures = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();

        EventSourceStats snapshot() {
            return new EventSourceStats(malformedEvents.get(), ignoredEvents.get(), repeatedDeliveries.get(),
                    invalidSignatures.get(), reconnects.get());
        }
    }
}
