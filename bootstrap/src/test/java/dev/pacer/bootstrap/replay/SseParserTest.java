package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser((name, data) -> events.add(name + "|" + data));

    private void feed(String... lines) {
        for (String line : lines) {
            parser.accept(line);
        }
    }

    @Test
    void namedEventIsDispatchedOnEmptyLine() {
        feed("event: reply", "data: {\"a\":1}");
        assertThat(events).isEmpty();

        feed("");

        assertThat(events).containsExactly("reply|{\"a\":1}");
    }

    @Test
    void dataLinesAreJoinedWithLineFeeds() {
        feed("event: typing", "data: first", "data:second", "");

        assertThat(events).containsExactly("typing|first\nsecond");
    }

    @Test
    void commentsIdsAndRetryAreIgnored() {
        feed(": keep-alive", "", "id: 7", "retry: 3000", "event: reply", "data: x", "");

        assertThat(events).containsExactly("reply|x");
    }

    @Test
    void eventWithoutNameIsMessage() {
        feed("data: plain", "");

        assertThat(events).containsExactly("message|plain");
    }

    @Test
    void nameDoesNotLeakIntoNextEvent() {
        feed("event: typing", "data: a", "", "data: b", "");

        assertThat(events).containsExactly("typing|a", "message|b");
    }

    @Test
    void eventWithoutDataIsDropped() {
        feed("event: typing", "", "event: reply", "data: y", "");

        assertThat(events).containsExactly("reply|y");
    }
}
