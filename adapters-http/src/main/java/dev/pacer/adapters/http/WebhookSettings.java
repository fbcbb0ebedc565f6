package dev.pacer.adapters.http;

import java.net.URI;
import java.time.Duration;

/**
 * The webhook target of typing indicators and replies, and the limits of each delivery.
 *
 * @param url the receiver, {@code http} or {@code https}
 * @param secret key of the {@code X-Pacer-Signature} HMAC, or null to send unsigned requests
 * @param timeout limit for connecting and, separately, for the whole response of one attempt
 * @param maxAttempts attempts per reply, at least 1. A typing indicator gets one attempt.
 * @param initialBackoff wait before the second attempt, doubled before each later one
 */
public record WebhookSettings(URI url, String secret, Duration timeout, int maxAttempts, Duration initialBackoff) {

    public WebhookSettings {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException("PACER_WEBHOOK_URL must be an absolute http or https URL: " + redact(url));
        }
        if (secret != null && secret.isEmpty()) {
            throw new IllegalArgumentException("PACER_WEBHOOK_SECRET is empty: set a secret or leave it unset");
        }
        if (timeout == null || !timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative: " + initialBackoff);
        }
    }

    /**
     * Creates settings with a 3 s timeout and 3 attempts, 250 ms and 500 ms apart. An attempt takes
     * at most twice the timeout (connecting, then the response), so one reply takes at most about
     * 19 s, inside the default lease of 30 s.
     */
    public static WebhookSettings of(URI url, String secret) {
        return new WebhookSettings(url, secret, Duration.ofSeconds(3), 3, Duration.ofMillis(250));
    }

    /** Returns the URL for logs and errors, without the user info, query or fragment that may contain credentials. */
    public String redactedUrl() {
        return redact(url);
    }

    /** Describes the settings without the secret or the URL's query. */
    @Override
    public String toString() {
        return "WebhookSettings[url=" + redactedUrl() + ", secret=" + (secret == null ? "unset" : "set")
                + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + "]";
    }

    private static String redact(URI url) {
        if (url == null) {
            return "null";
        }
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path;
    }
}
