package dev.pacer.bootstrap.config;

/**
 * Every environment variable Pacer reads, with its default and help text. {@code --help} prints
 * this table, so it is the one place where a setting is documented.
 */
public enum Setting {
    HTTP_HOST("PACER_HTTP_HOST", "127.0.0.1", "address the HTTP API listens on"),
    HTTP_PORT("PACER_HTTP_PORT", "8080", "port of the HTTP API (0 picks a free port)"),
    API_KEY("PACER_API_KEY", null, "bearer token required on /v1 endpoints; required when the host is not loopback"),
    MAX_BODY_BYTES("PACER_MAX_BODY_BYTES", "65536", "largest accepted request body, in bytes"),
    STORE("PACER_STORE", null,
            "redis or memory; unset means redis, falling back to memory with a warning when the default"
                    + " Redis URL does not answer at startup"),
    REDIS_URL("PACER_REDIS_URL", "redis://127.0.0.1:6379", "redis:// or rediss:// URL, with the password if any"),
    REDIS_SHARDS("PACER_REDIS_SHARDS", "256", "shards the conversations are spread over; fixed for the life of the data"),
    ROLE("PACER_ROLE", "all", "all (API and dispatcher), api or dispatcher"),
    WORKERS("PACER_WORKERS", "64", "conversations this instance serves at once"),
    AI_BASE_URL("PACER_AI_BASE_URL", null,
            "OpenAI-compatible API base URL, e.g. https://api.openai.com/v1; unset means the offline generator"),
    AI_API_KEY("PACER_AI_API_KEY", null, "API key sent to the AI endpoint"),
    AI_MODEL("PACER_AI_MODEL", "gpt-4o-mini", "model name sent to the AI endpoint"),
    AI_SYSTEM_PROMPT("PACER_AI_SYSTEM_PROMPT", null, "system prompt for the AI; unset uses a short built-in prompt"),
    AI_TIMEOUT_MS("PACER_AI_TIMEOUT_MS", "30000", "timeout of one AI request, in milliseconds"),
    HISTORY_TURNS("PACER_HISTORY_TURNS", "20", "latest turns of a conversation kept and sent to the AI"),
    WEBHOOK_URL("PACER_WEBHOOK_URL", null, "URL that typing and reply events are POSTed to"),
    WEBHOOK_SECRET("PACER_WEBHOOK_SECRET", null, "HMAC-SHA256 key for the X-Pacer-Signature header"),
    DELAY_BASE_MS("PACER_DELAY_BASE_MS", "1000", "fixed part of every reply delay, in milliseconds"),
    DELAY_PER_CHAR_MS("PACER_DELAY_PER_CHAR_MS", "30", "delay added per reply character, in milliseconds"),
    DELAY_JITTER_MS("PACER_DELAY_JITTER_MS", "400", "largest random change of a delay in either direction, in milliseconds"),
    DELAY_MIN_MS("PACER_DELAY_MIN_MS", "800", "shortest reply delay, in milliseconds"),
    DELAY_MAX_MS("PACER_DELAY_MAX_MS", "12000", "longest reply delay, in milliseconds"),
    TYPING_THRESHOLD_MS("PACER_TYPING_THRESHOLD_MS", "1500", "show a typing indicator for delays at least this long, in milliseconds"),
    TYPING_REFRESH_MS("PACER_TYPING_REFRESH_MS", "4000", "resend a shown typing indicator this often, in milliseconds"),
    MAX_RETRIES("PACER_MAX_RETRIES", "3", "retries of a failed reply before it goes to the dead letters"),
    RETRY_BACKOFF_MS("PACER_RETRY_BACKOFF_MS", "1000", "backoff after the first failure, doubled per retry, in milliseconds"),
    RETRY_MAX_BACKOFF_MS("PACER_RETRY_MAX_BACKOFF_MS", "60000", "longest backoff, in milliseconds"),
    LEASE_TTL_MS("PACER_LEASE_TTL_MS", "30000", "lease timeout: how soon another instance takes over a dead worker's user"),
    MAX_TEXT_LENGTH("PACER_MAX_TEXT_LENGTH", "4096", "longest accepted message text, in characters"),
    MAX_QUEUED_PER_USER("PACER_MAX_QUEUED_PER_USER", "100", "pending messages one conversation may hold; more get 429"),
    DEAD_LETTER_LIMIT("PACER_DEAD_LETTER_LIMIT", "10000", "dead letters kept; the oldest are evicted beyond it"),
    LOG_LEVEL("PACER_LOG_LEVEL", "INFO", "log level: ERROR, WARN, INFO, DEBUG or TRACE"),
    SHUTDOWN_GRACE_MS("PACER_SHUTDOWN_GRACE_MS", "10000",
            "on SIGTERM, time running replies get to finish before their leases are released, in milliseconds");

    private final String variable;
    private final String defaultValue;
    private final String description;

    Setting(String variable, String defaultValue, String description) {
        this.variable = variable;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String variable() {
        return variable;
    }

    /** The value used when the variable is unset or empty; null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Tells whether the value must never appear in logs. */
    public boolean isSecret() {
        return this == API_KEY || this == AI_API_KEY || this == WEBHOOK_SECRET;
    }
}
