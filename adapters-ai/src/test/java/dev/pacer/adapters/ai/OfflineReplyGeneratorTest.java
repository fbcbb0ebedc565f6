package dev.pacer.adapters.ai;

import static dev.pacer.adapters.ai.TestMessages.aMessage;
import static dev.pacer.adapters.ai.TestMessages.userTurn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineReplyGeneratorTest {

    private final OfflineReplyGenerator generator = new OfflineReplyGenerator();

    @Test
    void replyMarksItselfOffline() {
        String reply = generator.generate(aMessage("hello"), List.of());

        assertThat(reply).isEqualTo("(offline reply) You said: hello");
    }

    @Test
    void replyIsDeterministic() {
        String first = generator.generate(aMessage("same text"), List.of());
        String second = generator.generate(aMessage("same text"), List.of(userTurn("earlier")));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void longTextIsQuotedInPart() {
        String text = "a".repeat(150) + "😀".repeat(100);

        String reply = generator.generate(aMessage(text), List.of());

        String quoted = reply.substring(OfflineReplyGenerator.PREFIX.length());
        assertThat(quoted.codePointCount(0, quoted.length())).isEqualTo(OfflineReplyGenerator.QUOTED_LENGTH);
        assertThat(quoted).isEqualTo("a".repeat(150) + "😀".repeat(50));
    }
}
