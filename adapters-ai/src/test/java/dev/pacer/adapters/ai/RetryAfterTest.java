package dev.pacer.adapters.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAreParsed() {
        assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void httpDateIsMeasuredFromClock() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:30:30 GMT", CLOCK)).contains(Duration.ofSeconds(150));
    }

    @Test
    void pastHttpDateGivesZero() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "-5", "1.5", "soon", "99999999999999999999999", "2015-10-21T07:30:00Z"})
    void invalidValueGivesNoHint(String value) {
        assertThat(RetryAfter.parse(value, CLOCK)).isEmpty();
    }

    @Test
    void missingValueGivesNoHint() {
        assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
    }
}
