package dev.pacer.adapters.http;

import java.time.Duration;

/**
 * Limits of the server-sent event streams.
 *
 * @param keepAliveInterval how often an idle stream gets a comment line, so proxies keep it open
 *     and a closed client is noticed
 * @param bufferedEventsPerClient events kept for a client that reads slower than they arrive. A
 *     client whose buffer overflows is disconnected and has to reconnect.
 * @param maxClients streams served at once by this instance; more are rejected with 503
 */
public record SseSettings(Duration keepAliveInterval, int bufferedEventsPerClient, int maxClients) {

    public SseSettings {
        if (keepAliveInterval == null || !keepAliveInterval.isPositive()) {
            throw new IllegalArgumentException("keepAliveInterval must be positive: " + keepAliveInterval);
        }
        if (bufferedEventsPerClient < 1) {
            throw new IllegalArgumentException("bufferedEventsPerClient must be at least 1: " + bufferedEventsPerClient);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1: " + maxClients);
        }
    }

    /** Creates the defaults: a keep-alive every 15 seconds, 64 buffered events per client, 1,000 clients. */
    public static SseSettings defaults() {
        return new SseSettings(Duration.ofSeconds(15), 64, 1000);
    }
}
