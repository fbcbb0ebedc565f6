package dev.pacer.adapters.http;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffer of one event stream client. Publishers add events without blocking, and the client's
 * request thread takes them. An event beyond {@code capacity} closes the subscription.
 */
final class SseSubscription {

    /** One server-sent event: its name and its JSON data. */
    record Event(String name, String data) {

        /** Wakes the reader after {@link #close()} and is never sent. */
        static final Event END = new Event("", "");
    }

    private final String chatId;
    private final int capacity;
    // Unbounded so that END always fits, while pending enforces the capacity for real events.
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicBoolean removed = new AtomicBoolean();

    SseSubscription(String chatId, int capacity) {
        this.chatId = chatId;
        this.capacity = capacity;
    }

    String chatId() {
        return chatId;
    }

    boolean isOpen() {
        return open.get();
    }

    /**
     * Adds an event for the client. Returns false when the buffer was full, which closes the
     * subscription. An event for an already closed subscription is dropped and counts as added.
     */
    boolean offer(Event event) {
        if (!open.get()) {
            return true;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            close();
            return false;
        }
        events.add(event);
        return true;
    }

    /** Returns the next event, {@link Event#END} after {@link #close()}, or null after the timeout. */
    Event next(long timeout, TimeUnit unit) throws InterruptedException {
        Event event = events.poll(timeout, unit);
        if (event != null && event != Event.END) {
            pending.decrementAndGet();
        }
        return event;
    }

    void close() {
        if (open.compareAndSet(true, false)) {
            events.add(Event.END);
        }
    }

    /** Returns true for the first caller only, so the owner's client count drops once. */
    boolean markRemoved() {
        return removed.compareAndSet(false, true);
    }
}
