package dev.pacer.adapters.ai.stub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One chat completion request the stub received, with the status it responded with.
 *
 * @param endedAt when the stub began sending its response, or gave up on the call. A client
 *     that has read the response finds the call already recorded
 * @param path the request path, such as {@code /v1/chat/completions}
 * @param query the raw query string, or null if the URL had none
 * @param headers the request headers, names in lower case
 * @param lastUserMessage the content of the last {@code user} message, or null if the request had
 *     none or was not valid JSON; tests that send one user per text can use it as the conversation
 * @param status the HTTP status the stub responded with, or 0 if the stub closed before responding
 */
public record RecordedCall(
        Instant startedAt,
        Instant endedAt,
        String path,
        String query,
        Map<String, List<String>> headers,
        String requestBody,
        String lastUserMessage,
        int status) {

    /** Returns the first value of the header {@code name}, matched without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.stream().findFirst();
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    /** Tells whether this call and {@code other} were in progress at the same time. */
    public boolean overlaps(RecordedCall other) {
        return startedAt.isBefore(other.endedAt) && other.startedAt.isBefore(endedAt);
    }
}
