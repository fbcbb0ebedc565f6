package dev.pacer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"42", "-1001234567890", "user_01", "a.b-c@d", "550e8400-e29b-41d4-a716-446655440000"})
    void safeIdsAreAccepted(String id) {
        assertThat(Ids.requireValid("userId", id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{s1}", "a:b", "a*", "two words", "tab\there", "new\nline", "ü", "a/b", "?"})
    void unsafeIdsAreRejectedNamingTheField(String id) {
        assertThatThrownBy(() -> Ids.requireValid("userId", id))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("safe set")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("userId");
    }

    @Test
    void emptyAndMissingIdsAreRejected() {
        assertThatThrownBy(() -> Ids.requireValid("chatId", "")).hasMessageContaining("chatId is missing");
        assertThatThrownBy(() -> Ids.requireValid("chatId", null)).hasMessageContaining("chatId is missing");
    }

    @Test
    void overlongIdIsRejected() {
        assertThat(Ids.requireValid("botId", "b".repeat(Ids.MAX_LENGTH))).hasSize(Ids.MAX_LENGTH);
        assertThatThrownBy(() -> Ids.requireValid("botId", "b".repeat(Ids.MAX_LENGTH + 1)))
                .hasMessageContaining("maximum is " + Ids.MAX_LENGTH);
    }

    @Test
    void conversationDefaultsBot() {
        assertThat(ConversationKey.of(null, "7")).isEqualTo(new ConversationKey("default", "7"));
    }

    @Test
    void textLimitsCountCodePoints() {
        TextLimits limits = new TextLimits(3);

        assertThat(limits.requireValid("👋👋👋")).isEqualTo("👋👋👋");
        assertThatThrownBy(() -> limits.requireValid("abcd")).hasMessageContaining("maximum is 3");
    }

    @Test
    void blankTextIsRejected() {
        assertThatThrownBy(() -> new TextLimits(10).requireValid("  "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("text is empty");
    }

    @Test
    void typeParsesWireNames() {
        assertThat(MessageType.parse(null)).isEqualTo(MessageType.REGULAR);
        assertThat(MessageType.parse("proactive")).isEqualTo(MessageType.PROACTIVE);
        assertThatThrownBy(() -> MessageType.parse("REGULAR")).hasMessageContaining("\"regular\" or \"proactive\"");
    }
}
