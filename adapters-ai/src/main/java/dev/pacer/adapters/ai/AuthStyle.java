package dev.pacer.adapters.ai;

import java.net.http.HttpRequest;
import java.util.Locale;

/** The header that carries the API key of a chat completion endpoint. */
public enum AuthStyle {
    /** {@code Authorization: Bearer <key>}, as OpenAI and most compatible servers expect. */
    BEARER,
    /** {@code api-key: <key>}, as Azure OpenAI expects for key authentication. */
    API_KEY_HEADER;

    /**
     * Parses a configuration value: {@code bearer} or {@code api-key}, in any case. Null or blank
     * means {@link #BEARER}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static AuthStyle parse(String value) {
        if (value == null || value.isBlank()) {
            return BEARER;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "bearer" -> BEARER;
            case "api-key" -> API_KEY_HEADER;
            default -> throw new IllegalArgumentException(
                    "auth style must be \"bearer\" or \"api-key\" (Azure OpenAI): " + value);
        };
    }

    /** Adds the header carrying {@code apiKey} to {@code request}. */
    void authorize(HttpRequest.Builder request, String apiKey) {
        switch (this) {
            case BEARER -> request.header("Authorization", "Bearer " + apiKey);
            case API_KEY_HEADER -> request.header("api-key", apiKey);
        }
    }
}
