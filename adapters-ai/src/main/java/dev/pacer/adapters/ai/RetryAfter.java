package dev.pacer.adapters.ai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The parser of an HTTP {@code Retry-After} header value (RFC 9110, section 10.2.3). */
final class RetryAfter {

    private RetryAfter() {}

    /**
     * Parses delay seconds ({@code 120}) or an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}).
     * A date in the past gives a zero wait.
     *
     * @return the wait from {@code clock}'s now, or empty if the value is missing or invalid
     */
    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return delaySeconds(trimmed);
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> delaySeconds(String digits) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(digits)));
        } catch (NumberFormatException e) {
            // A value too large for a long is no meaningful wait, so it gives no hint.
            return Optional.empty();
        }
    }
}
