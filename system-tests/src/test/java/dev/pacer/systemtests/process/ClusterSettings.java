package dev.pacer.systemtests.process;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The shape of a test cluster and the Pacer settings every instance gets. Delays are short so a
 * run replies to thousands of messages in minutes. The rules they follow are the production ones.
 *
 * @param aiLatency how long the stub AI takes for a normal call
 */
public record ClusterSettings(
        int instances,
        RedisServer.Persistence persistence,
        Duration leaseTtl,
        Duration aiTimeout,
        Duration aiLatency,
        Duration shutdownGrace,
        Duration delayBase,
        Duration delayPerChar,
        Duration delayJitter,
        Duration delayMin,
        Duration delayMax,
        Duration typingThreshold,
        int maxRetries,
        Duration retryBackoff,
        int maxQueuedPerUser,
        String webhookSecret) {

    /** Returns the settings of the fault run: three instances, a 2 s lease, a 1 s AI timeout and delays of 20 to 300 ms. */
    public static ClusterSettings forFaultRun(RedisServer.Persistence persistence) {
        return new ClusterSettings(
                3,
                persistence,
                Duration.ofMillis(2000),
                Duration.ofMillis(1000),
                Duration.ofMillis(5),
                Duration.ofMillis(500),
                Duration.ofMillis(50),
                Duration.ofMillis(1),
                Duration.ofMillis(20),
                Duration.ofMillis(20),
                Duration.ofMillis(300),
                Duration.ofMillis(50),
                4,
                Duration.ofMillis(200),
                100,
                "system-test-webhook-secret");
    }

    public ClusterSettings withInstances(int count) {
        return new ClusterSettings(count, persistence, leaseTtl, aiTimeout, aiLatency, shutdownGrace, delayBase,
                delayPerChar, delayJitter, delayMin, delayMax, typingThreshold, maxRetries, retryBackoff,
                maxQueuedPerUser, webhookSecret);
    }

    public ClusterSettings withAiTimeout(Duration timeout) {
        return new ClusterSettings(instances, persistence, leaseTtl, timeout, aiLatency, shutdownGrace, delayBase,
                delayPerChar, delayJitter, delayMin, delayMax, typingThreshold, maxRetries, retryBackoff,
                maxQueuedPerUser, webhookSecret);
    }

    public ClusterSettings withLeaseTtl(Duration ttl) {
        return new ClusterSettings(instances, persistence, ttl, aiTimeout, aiLatency, shutdownGrace, delayBase,
                delayPerChar, delayJitter, delayMin, delayMax, typingThreshold, maxRetries, retryBackoff,
                maxQueuedPerUser, webhookSecret);
    }

    public ClusterSettings withRetryBackoff(Duration backoff) {
        return new ClusterSettings(instances, persistence, leaseTtl, aiTimeout, aiLatency, shutdownGrace, delayBase,
                delayPerChar, delayJitter, delayMin, delayMax, typingThreshold, maxRetries, backoff,
                maxQueuedPerUser, webhookSecret);
    }

    public ClusterSettings withShutdownGrace(Duration grace) {
        return new ClusterSettings(instances, persistence, leaseTtl, aiTimeout, aiLatency, grace, delayBase,
                delayPerChar, delayJitter, delayMin, delayMax, typingThreshold, maxRetries, retryBackoff,
                maxQueuedPerUser, webhookSecret);
    }

    /** Returns the {@code PACER_*} environment of an instance, without its HTTP host and port. */
    public Map<String, String> environment(String redisUrl, String aiBaseUrl, String webhookUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("PACER_STORE", "redis");
        env.put("PACER_REDIS_URL", redisUrl);
        env.put("PACER_AI_BASE_URL", aiBaseUrl);
        env.put("PACER_AI_MODEL", "stub-model");
        env.put("PACER_AI_TIMEOUT_MS", millis(aiTimeout));
        env.put("PACER_WEBHOOK_URL", webhookUrl);
        env.put("PACER_WEBHOOK_SECRET", webhookSecret);
        env.put("PACER_LEASE_TTL_MS", millis(leaseTtl));
        env.put("PACER_SHUTDOWN_GRACE_MS", millis(shutdownGrace));
        env.put("PACER_DELAY_BASE_MS", millis(delayBase));
        env.put("PACER_DELAY_PER_CHAR_MS", millis(delayPerChar));
        env.put("PACER_DELAY_JITTER_MS", millis(delayJitter));
        env.put("PACER_DELAY_MIN_MS", millis(delayMin));
        env.put("PACER_DELAY_MAX_MS", millis(delayMax));
        env.put("PACER_TYPING_THRESHOLD_MS", millis(typingThreshold));
        env.put("PACER_MAX_RETRIES", Integer.toString(maxRetries));
        env.put("PACER_RETRY_BACKOFF_MS", millis(retryBackoff));
        env.put("PACER_MAX_QUEUED_PER_USER", Integer.toString(maxQueuedPerUser));
        env.put("PACER_LOG_LEVEL", "INFO");
        return env;
    }

    /**
     * Returns the shortest delay the pacing rule allows for a reply of {@code length} characters:
     * the rule with the jitter at its lowest, within the bounds.
     */
    public Duration minimumDelay(int length) {
        long nanos = delayBase.toNanos() + delayPerChar.toNanos() * length - delayJitter.toNanos();
        return Duration.ofNanos(Math.clamp(nanos, delayMin.toNanos(), delayMax.toNanos()));
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
