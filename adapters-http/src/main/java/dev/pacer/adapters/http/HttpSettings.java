package dev.pacer.adapters.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The listening address and request limits of the API.
 *
 * @param host interface to bind, for example {@code 127.0.0.1}, or {@code 0.0.0.0} for every interface
 * @param port TCP port, 0 for any free port (see {@link HttpApi#port()})
 * @param apiKey bearer token required on every {@code /v1} endpoint and on {@code /metrics}, or null
 *     for none; required unless {@code host} is a loopback address
 * @param maxBodyBytes largest request body accepted, in bytes
 * @param bodyReadTimeout time allowed to receive a whole request body, counted from the start of
 *     reading it. A slower body gets 408 and its connection is closed.
 * @param maxConnections TCP connections served at once. The server stops accepting new ones at this
 *     count, and they wait in the operating system's backlog until one closes.
 */
public record HttpSettings(
        String host, int port, String apiKey, long maxBodyBytes, Duration bodyReadTimeout, int maxConnections) {

    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** A 64 KiB body takes well under a second on a slow mobile link, so 10 seconds cuts off only stalled senders. */
    public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Room for the 1,000 event streams of {@link SseSettings#defaults()} and as many other clients,
     * so that open streams alone cannot take every connection.
     */
    // NOTE: each connection is a file descriptor, so the process limit (ulimit -n) must be above this.
    public static final int DEFAULT_MAX_CONNECTIONS = 2000;

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is missing: set PACER_HTTP_HOST, for example 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0 to 65535: " + port);
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("PACER_API_KEY is blank: set a non-blank key or leave it unset");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1: " + maxBodyBytes);
        }
        if (bodyReadTimeout == null || !bodyReadTimeout.isPositive()) {
            throw new IllegalArgumentException("bodyReadTimeout must be positive: " + bodyReadTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        requireApiKeyUnlessLoopback(host, apiKey);
    }

    /** Creates settings with the default body read timeout of 10 seconds and 2,000 connections. */
    public HttpSettings(String host, int port, String apiKey, long maxBodyBytes) {
        this(host, port, apiKey, maxBodyBytes, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /** Creates settings with the default limits: a 64 KiB body read within 10 seconds, and 2,000 connections. */
    public static HttpSettings of(String host, int port, String apiKey) {
        return new HttpSettings(host, port, apiKey, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Rejects an API that would be reachable from other machines without a key.
     *
     * @throws IllegalStateException when {@code host} is not a loopback address and {@code apiKey}
     *     is null. Host names other than {@code localhost} are not resolved and count as remote.
     */
    public static void requireApiKeyUnlessLoopback(String host, String apiKey) {
        if (apiKey == null && !isLoopback(host)) {
            throw new IllegalStateException("PACER_HTTP_HOST is " + host + ", which is not a loopback address, "
                    + "and PACER_API_KEY is unset: set PACER_API_KEY, or listen on 127.0.0.1");
        }
    }

    /** Tells whether {@code host} is {@code localhost} or a loopback IP literal, without a DNS lookup. */
    static boolean isLoopback(String host) {
        String bare = host.strip();
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4_LITERAL.matcher(bare).matches() && !bare.contains(":")) {
            return false;
        }
        try {
            // An IP literal is parsed, never looked up.
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Describes the settings without the API key. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", apiKey=" + (apiKey == null ? "unset" : "set")
                + ", maxBodyBytes=" + maxBodyBytes + ", bodyReadTimeout=" + bodyReadTimeout
                + ", maxConnections=" + maxConnections + "]";
    }
}
