package dev.pacer.bootstrap.config;

import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads {@link PacerConfig} from environment variables. Every invalid value is reported at once,
 * each with the variable, the value and what is allowed, so one failed start shows every fix.
 */
public final class ConfigLoader {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Builds the configuration.
     *
     * @throws ConfigException listing every invalid setting
     */
    public static PacerConfig load(Map<String, String> env) {
        return new ConfigLoader(env).build();
    }

    /** Returns the {@code PACER_*} variables that Pacer does not know, which are likely typos. */
    public static Set<String> unknownVariables(Map<String, String> env) {
        Set<String> known = Arrays.stream(Setting.values()).map(Setting::variable).collect(Collectors.toSet());
        return env.keySet().stream()
                .filter(name -> name.startsWith("PACER_") && !known.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private PacerConfig build() {
        String host = text(Setting.HTTP_HOST);
        int port = integer(Setting.HTTP_PORT, 0, 65_535);
        String apiKey = text(Setting.API_KEY);
        int maxBody = integer(Setting.MAX_BODY_BYTES, 1_024, 16 * 1024 * 1024);
        StoreKind store = store();
        URI redisUrl = uri(Setting.REDIS_URL, Set.of("redis", "rediss"));
        int shards = integer(Setting.REDIS_SHARDS, 1, 16_384);
        Role role = role();
        int workers = integer(Setting.WORKERS, 1, 100_000);
        URI aiBaseUrl = uri(Setting.AI_BASE_URL, Set.of("http", "https"));
        Duration aiTimeout = millis(Setting.AI_TIMEOUT_MS, 100, 600_000);
        int historyTurns = integer(Setting.HISTORY_TURNS, 0, 1_000);
        URI webhookUrl = uri(Setting.WEBHOOK_URL, Set.of("http", "https"));
        PacingPolicy pacing = pacing();
        RetryPolicy retry = retry();
        Duration leaseTtl = millis(Setting.LEASE_TTL_MS, 1_000, 3_600_000);
        int maxText = integer(Setting.MAX_TEXT_LENGTH, 1, 1_000_000);
        int maxQueued = integer(Setting.MAX_QUEUED_PER_USER, 1, 1_000_000);
        int deadLetterLimit = integer(Setting.DEAD_LETTER_LIMIT, 1, 10_000_000);
        Duration grace = millis(Setting.SHUTDOWN_GRACE_MS, 0, 600_000);

        if (aiBaseUrl != null && aiTimeout != null && leaseTtl != null && leaseTtl.compareTo(aiTimeout) < 0) {
            problems.add("PACER_LEASE_TTL_MS=" + leaseTtl.toMillis() + " is shorter than PACER_AI_TIMEOUT_MS="
                    + aiTimeout.toMillis() + ": make the lease at least as long as the AI timeout, so that a call"
                    + " abandoned by a crashed worker has ended before another worker starts the next one");
        }
        if (role == Role.DISPATCHER && webhookUrl == null) {
            problems.add("PACER_ROLE=dispatcher needs PACER_WEBHOOK_URL: a dispatcher serves no event streams, so"
                    + " without a webhook every reply would be dropped");
        }
        String logLevel = text(Setting.LOG_LEVEL);
        if (!Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(logLevel.toUpperCase(Locale.ROOT))) {
            problems.add("PACER_LOG_LEVEL=" + logLevel + " is not a log level: use ERROR, WARN, INFO, DEBUG or TRACE");
        }
        if (apiKey == null && host != null && !isLoopback(host)) {
            problems.add("PACER_API_KEY is unset while PACER_HTTP_HOST=" + host
                    + " is not a loopback address: set an API key, or listen on 127.0.0.1");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new PacerConfig(host, port, apiKey, maxBody, store, redisUrl, shards, role, workers, aiBaseUrl,
                text(Setting.AI_API_KEY), text(Setting.AI_MODEL), text(Setting.AI_SYSTEM_PROMPT), aiTimeout,
                historyTurns, webhookUrl, text(Setting.WEBHOOK_SECRET), pacing, retry, leaseTtl, maxText, maxQueued,
                deadLetterLimit, grace);
    }

    /** Tells whether {@code host} names the loopback interface, without a DNS lookup. */
    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private PacingPolicy pacing() {
        Duration base = millis(Setting.DELAY_BASE_MS, 0, 3_600_000);
        Duration perChar = millis(Setting.DELAY_PER_CHAR_MS, 0, 60_000);
        Duration jitter = millis(Setting.DELAY_JITTER_MS, 0, 3_600_000);
        Duration min = millis(Setting.DELAY_MIN_MS, 0, 3_600_000);
        Duration max = millis(Setting.DELAY_MAX_MS, 0, 3_600_000);
        Duration threshold = millis(Setting.TYPING_THRESHOLD_MS, 0, 3_600_000);
        Duration refresh = millis(Setting.TYPING_REFRESH_MS, 100, 3_600_000);
        if (min != null && max != null && min.compareTo(max) > 0) {
            problems.add("PACER_DELAY_MIN_MS=" + min.toMillis() + " is greater than PACER_DELAY_MAX_MS="
                    + max.toMillis() + ": make the minimum at most the maximum");
            return null;
        }
        if (base == null || perChar == null || jitter == null || min == null || max == null
                || threshold == null || refresh == null) {
            return null;
        }
        return new PacingPolicy(base, perChar, jitter, min, max, threshold, refresh);
    }

    private RetryPolicy retry() {
        int maxRetries = integer(Setting.MAX_RETRIES, 0, 100);
        Duration backoff = millis(Setting.RETRY_BACKOFF_MS, 0, 3_600_000);
        Duration maxBackoff = millis(Setting.RETRY_MAX_BACKOFF_MS, 0, 86_400_000);
        if (backoff != null && maxBackoff != null && backoff.compareTo(maxBackoff) > 0) {
            problems.add("PACER_RETRY_BACKOFF_MS=" + backoff.toMillis() + " is greater than PACER_RETRY_MAX_BACKOFF_MS="
                    + maxBackoff.toMillis() + ": make the first backoff at most the longest");
            return null;
        }
        if (backoff == null || maxBackoff == null || maxRetries < 0) {
            return null;
        }
        return new RetryPolicy(maxRetries, backoff, maxBackoff, 0.2);
    }

    private StoreKind store() {
        String value = text(Setting.STORE);
        if (value == null) {
            boolean redisChosen = env.containsKey(Setting.REDIS_URL.variable())
                    && !env.get(Setting.REDIS_URL.variable()).isBlank();
            return redisChosen ? StoreKind.REDIS : StoreKind.REDIS_OR_MEMORY;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "redis" -> StoreKind.REDIS;
            case "memory" -> StoreKind.MEMORY;
            default -> {
                problems.add("PACER_STORE=" + value + " is not supported: use redis or memory");
                yield null;
            }
        };
    }

    private Role role() {
        String value = text(Setting.ROLE);
        try {
            return Role.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("PACER_ROLE=" + value + " is not supported: use all, api or dispatcher");
            return null;
        }
    }

    private String text(Setting setting) {
        String value = env.get(setting.variable());
        if (value == null || value.isBlank()) {
            return setting.defaultValue();
        }
        return value.strip();
    }

    private int integer(Setting setting, int min, int max) {
        String value = text(setting);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                problems.add(setting.variable() + "=" + value + " is out of range: use a whole number from "
                        + min + " to " + max);
                return -1;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(setting.variable() + "=" + value + " is not a whole number: use a number from "
                    + min + " to " + max);
            return -1;
        }
    }

    private Duration millis(Setting setting, int min, int max) {
        int value = integer(setting, min, max);
        return value < 0 ? null : Duration.ofMillis(value);
    }

    private URI uri(Setting setting, Set<String> schemes) {
        String value = text(setting);
        if (value == null) {
            return null;
        }
        String shown = setting.isSecret() || value.contains("@") ? "(value hidden)" : value;
        String example = schemes.stream().sorted().map(scheme -> scheme + "://host:port")
                .reduce((a, b) -> a + " or " + b).orElseThrow();
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below in the same words as a URL with the wrong scheme.
        }
        problems.add(setting.variable() + "=" + shown + " is not a valid URL: use " + example);
        return null;
    }
}
