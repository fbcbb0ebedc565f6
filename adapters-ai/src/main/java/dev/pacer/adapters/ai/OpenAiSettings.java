package dev.pacer.adapters.ai;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Endpoint, credentials and request options of an OpenAI-compatible chat completion API, for
 * {@link OpenAiReplyGenerator}. Start from {@link #of(String, String)} and change what differs
 * with the {@code with} methods.
 *
 * @param baseUrl the API root, such as {@code https://api.openai.com/v1} or {@code
 *     http://127.0.0.1:11434/v1}. {@code /chat/completions} is appended to its path, and its query
 *     string (Azure OpenAI's {@code ?api-version=}) is kept
 * @param apiKey the key sent in the {@link #authStyle} header, or null to send none (Ollama and
 *     most local servers need none). A blank key counts as none
 * @param systemPrompt the first message of every request. A blank prompt sends no system message
 * @param requestTimeout the limit on one whole call, from sending the request to reading the body
 * @param connectTimeout the limit on opening a connection
 * @param maxTokens the reply's {@code max_tokens} limit, or null to leave it to the server
 * @param temperature the sampling temperature from 0 to 2, or null to leave it to the server
 */
public record OpenAiSettings(
        URI baseUrl,
        String apiKey,
        AuthStyle authStyle,
        String model,
        String systemPrompt,
        Duration requestTimeout,
        Duration connectTimeout,
        Integer maxTokens,
        Double temperature) {

    public static final String DEFAULT_SYSTEM_PROMPT = "You are a friendly assistant chatting with a user in a "
            + "messaging app. Keep your replies short and conversational, and answer in the user's language.";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public OpenAiSettings {
        requireValidBaseUrl(baseUrl);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        Objects.requireNonNull(authStyle, "authStyle");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is missing: set the model name, for example gpt-4o-mini");
        }
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("connectTimeout", connectTimeout);
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
        }
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be within [0, 2]: " + temperature);
        }
    }

    /**
     * Creates settings with no API key, bearer authentication, the default system prompt and
     * timeouts, and no token or temperature override.
     *
     * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http or https URL
     */
    public static OpenAiSettings of(String baseUrl, String model) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
        }
        return new OpenAiSettings(uri, null, AuthStyle.BEARER, model, DEFAULT_SYSTEM_PROMPT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, null, null);
    }

    public OpenAiSettings withApiKey(String key) {
        return new OpenAiSettings(baseUrl, key, authStyle, model, systemPrompt,
                requestTimeout, connectTimeout, maxTokens, temperature);
    }

    public OpenAiSettings withAuthStyle(AuthStyle style) {
        return new OpenAiSettings(baseUrl, apiKey, style, model, systemPrompt,
                requestTimeout, connectTimeout, maxTokens, temperature);
    }

    public OpenAiSettings withSystemPrompt(String prompt) {
        return new OpenAiSettings(baseUrl, apiKey, authStyle, model, prompt,
                requestTimeout, connectTimeout, maxTokens, temperature);
    }

    public OpenAiSettings withRequestTimeout(Duration timeout) {
        return new OpenAiSettings(baseUrl, apiKey, authStyle, model, systemPrompt,
                timeout, connectTimeout, maxTokens, temperature);
    }

    public OpenAiSettings withConnectTimeout(Duration timeout) {
        return new OpenAiSettings(baseUrl, apiKey, authStyle, model, systemPrompt,
                requestTimeout, timeout, maxTokens, temperature);
    }

    public OpenAiSettings withMaxTokens(Integer tokens) {
        return new OpenAiSettings(baseUrl, apiKey, authStyle, model, systemPrompt,
                requestTimeout, connectTimeout, tokens, temperature);
    }

    public OpenAiSettings withTemperature(Double value) {
        return new OpenAiSettings(baseUrl, apiKey, authStyle, model, systemPrompt,
                requestTimeout, connectTimeout, maxTokens, value);
    }

    /** Returns the chat completion URL: the base URL's path plus {@code /chat/completions}, query kept. */
    public URI completionsUri() {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String query = baseUrl.getRawQuery() == null ? "" : "?" + baseUrl.getRawQuery();
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path + "/chat/completions" + query);
    }

    /** Returns the chat completion URL without its query string, for logs and error messages. */
    public String endpointForLogs() {
        URI uri = completionsUri();
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    /** Describes the settings with the API key masked. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + endpointForLogs() + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", authStyle=" + authStyle + ", model=" + model + ", requestTimeout=" + requestTimeout
                + ", connectTimeout=" + connectTimeout + ", maxTokens=" + maxTokens
                + ", temperature=" + temperature + "]";
    }

    private static void requireValidBaseUrl(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(
                    "baseUrl must be an http or https URL such as http://127.0.0.1:11434/v1: " + baseUrl);
        }
        if (baseUrl.getRawUserInfo() != null) {
            // The URL is left out of this message because the user info may be a password.
            throw new IllegalArgumentException("baseUrl must not contain user info (user:password@): "
                    + "set the API key in the settings instead");
        }
        if (baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl has no host: " + baseUrl);
        }
        if (baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not contain a fragment (#...): " + baseUrl);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
