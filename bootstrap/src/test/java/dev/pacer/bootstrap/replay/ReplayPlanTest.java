package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    private static ChatLogEntry entry(int position, long epochSecond, String sender, String text) {
        return new ChatLogEntry(position, Instant.ofEpochSecond(epochSecond), sender, text);
    }

    @Test
    void idsComeFromRunIdAndLogPosition() throws Exception {
        List<ChatLogEntry> entries = List.of(
                entry(1, 100, "alice", "one"),
                entry(2, 101, "Bob Smith", "two"));

        ReplayPlan plan = ReplayPlan.create(entries, "run7", 1, Duration.ofSeconds(10), OptionalInt.empty());

        assertThat(plan.messages()).extracting(PlannedMessage::messageId).containsExactly("run7-r1", "run7-r2");
        assertThat(plan.messages()).extracting(PlannedMessage::userId)
                .containsExactly("alice", SenderIds.toSafeId("Bob Smith"));
        assertThat(plan.messages()).allSatisfy(message -> assertThat(message.chatId()).isEqualTo(message.userId()));
        assertThat(plan.messages()).extracting(PlannedMessage::sequence).containsExactly(0, 1);
        assertThat(plan.chatIds()).containsExactly("alice", SenderIds.toSafeId("Bob Smith"));
    }

    @Test
    void emptyTextsAreSkippedAndCounted() throws Exception {
        List<ChatLogEntry> entries = List.of(
                entry(1, 100, "alice", "one"),
                entry(2, 101, "alice", ""),
                entry(3, 102, "bob", "   "),
                entry(4, 103, "bob", "four"));

        ReplayPlan plan = ReplayPlan.create(entries, "r", 1, Duration.ofSeconds(10), OptionalInt.empty());

        assertThat(plan.messagesRead()).isEqualTo(4);
        assertThat(plan.skippedEmpty()).isEqualTo(2);
        assertThat(plan.beyondLimit()).isZero();
        assertThat(plan.messages()).extracting(PlannedMessage::messageId).containsExactly("r-r1", "r-r4");
    }

    @Test
    void limitCountsOnlyMessagesWithText() throws Exception {
        List<ChatLogEntry> entries = List.of(
                entry(1, 100, "alice", ""),
                entry(2, 101, "alice", "two"),
                entry(3, 102, "bob", "three"),
                entry(4, 103, "bob", "four"),
                entry(5, 104, "bob", ""));

        ReplayPlan plan = ReplayPlan.create(entries, "r", 1, Duration.ofSeconds(10), OptionalInt.of(2));

        assertThat(plan.messages()).extracting(PlannedMessage::messageId).containsExactly("r-r2", "r-r3");
        assertThat(plan.messagesRead()).isEqualTo(5);
        assertThat(plan.skippedEmpty()).isEqualTo(2);
        assertThat(plan.beyondLimit()).isEqualTo(1);
    }

    @Test
    void gapsAreDividedBySpeedAndCapped() throws Exception {
        List<ChatLogEntry> entries = List.of(
                entry(1, 1_000, "a", "x"),
                entry(2, 1_060, "a", "x"),
                entry(3, 1_061, "b", ""),
                entry(4, 1_090, "b", "x"),
                entry(5, 5_000, "a", "x"),
                entry(6, 4_000, "b", "x"));

        ReplayPlan plan = ReplayPlan.create(entries, "r", 60, Duration.ofSeconds(10), OptionalInt.empty());

        assertThat(plan.messages()).extracting(PlannedMessage::sendOffset).containsExactly(
                Duration.ZERO,
                Duration.ofSeconds(1),
                Duration.ofMillis(1_500),
                Duration.ofMillis(11_500),
                Duration.ofMillis(11_500));
    }

    @Test
    void scaledGapHandlesFractionalSpeed() {
        Duration gap = ReplayPlan.scaledGap(Instant.ofEpochSecond(0), Instant.ofEpochSecond(3), 0.5,
                Duration.ofMinutes(1));

        assertThat(gap).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void sendersMappingToOneIdAreRejected() {
        String mapped = SenderIds.toSafeId("Ann Lee");
        List<ChatLogEntry> entries = List.of(entry(1, 100, "Ann Lee", "x"), entry(2, 101, mapped, "y"));

        assertThatThrownBy(() -> ReplayPlan.create(entries, "r", 1, Duration.ofSeconds(1), OptionalInt.empty()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("both map to the user id " + mapped);
    }
}
