package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenderIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"user01", "ann.lee@example.org", "-1001234567", "a_b-c", "X"})
    void safeNameIsKeptUnchanged(String name) {
        assertThat(SenderIds.toSafeId(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ann Lee", "José", "日本語", "a+b", "{s17}:q", "", " ", "tab\tname"})
    void unsafeNameMapsIntoSafeSet(String name) {
        String id = SenderIds.toSafeId(name);

        assertThat(id).matches("[A-Za-z0-9_.@-]{1,128}");
        assertThat(SenderIds.isSafe(id)).isTrue();
    }

    @Test
    void mappingIsDeterministicAndReadable() {
        assertThat(SenderIds.toSafeId("Ann Lee")).isEqualTo(SenderIds.toSafeId("Ann Lee"));
        assertThat(SenderIds.toSafeId("Ann Lee")).matches("Ann_Lee-[0-9a-f]{8}");
        assertThat(SenderIds.toSafeId("José")).matches("Jose-[0-9a-f]{8}");
        assertThat(SenderIds.toSafeId("日本語")).matches("___-[0-9a-f]{8}");
        assertThat(SenderIds.toSafeId("")).matches("user-[0-9a-f]{8}");
    }

    @Test
    void namesDifferingInReplacedCharactersStayApart() {
        assertThat(SenderIds.toSafeId("a b")).isNotEqualTo(SenderIds.toSafeId("a+b"));
        assertThat(SenderIds.toSafeId("a b")).isNotEqualTo(SenderIds.toSafeId("a_b"));
    }

    @Test
    void longNameIsCutToMaxLength() {
        String id = SenderIds.toSafeId("x".repeat(200));

        assertThat(id).hasSize(SenderIds.MAX_LENGTH);
        assertThat(id).startsWith("x".repeat(119) + "-");
        assertThat(SenderIds.toSafeId("x".repeat(200))).isNotEqualTo(SenderIds.toSafeId("x".repeat(201)));
    }
}
