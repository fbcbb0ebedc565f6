package dev.pacer.bootstrap.config;

import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.RetryPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * The effective configuration of one Pacer process, read from {@code PACER_*} environment
 * variables by {@link ConfigLoader}. Optional values are null when unset.
 */
public record PacerConfig(
        String httpHost,
        int httpPort,
        String apiKey,
        int maxBodyBytes,
        StoreKind store,
        URI redisUrl,
        int redisShards,
        Role role,
        int workers,
        URI aiBaseUrl,
        String aiApiKey,
        String aiModel,
        String aiSystemPrompt,
        Duration aiTimeout,
        int historyTurns,
        URI webhookUrl,
        String webhookSecret,
        PacingPolicy pacing,
        RetryPolicy retry,
        Duration leaseTtl,
        int maxTextLength,
        int maxQueuedPerUser,
        int deadLetterLimit,
        Duration shutdownGrace) {

    /** Tells whether an AI endpoint is configured; without one the offline generator answers. */
    public boolean usesAi() {
        return aiBaseUrl != null;
    }
}
