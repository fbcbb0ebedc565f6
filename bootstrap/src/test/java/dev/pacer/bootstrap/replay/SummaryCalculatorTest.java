package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.bootstrap.replay.ReplaySummary.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryCalculatorTest {

    /**
     * Builds a synthetic run: messages sent in the order declared, then events in the order
     * declared, each event 100 ms after the one before.
     */
    private static final class Scenario {

        private final Map<String, SendResult> sends = new LinkedHashMap<>();
        private final List<ObservedEvent> events = new ArrayList<>();
        private Duration now = Duration.ZERO;

        Scenario accepted(String userId, String messageId) {
            return send(userId, messageId, SendResult.Outcome.ACCEPTED, 202, null);
        }

        Scenario rejected(String userId, String messageId, int status, String problem) {
            return send(userId, messageId, SendResult.Outcome.REJECTED, status, problem);
        }

        Scenario failed(String userId, String messageId, String problem) {
            return send(userId, messageId, SendResult.Outcome.FAILED, 0, problem);
        }

        private Scenario send(String userId, String messageId, SendResult.Outcome outcome, int status, String problem) {
            PlannedMessage message = new PlannedMessage(sends.size(), messageId, userId, userId, "text", now);
            String acceptedId = outcome == SendResult.Outcome.ACCEPTED ? messageId : null;
            sends.put(messageId, new SendResult(message, outcome, acceptedId, status, problem, now, now, now.plusMillis(10)));
            now = now.plusMillis(10);
            return this;
        }

        Scenario typing(String... messageIds) {
            return event(PacerEvent.TYPING, messageIds);
        }

        Scenario reply(String... messageIds) {
            return event(PacerEvent.REPLY, messageIds);
        }

        private Scenario event(String type, String... messageIds) {
            now = now.plusMillis(100);
            PacerEvent event = new PacerEvent(type, "replay", null, null, List.of(messageIds));
            events.add(new ObservedEvent(events.size(), now, event));
            return this;
        }

        ReplaySummary summarize() {
            List<SendResult> results = List.copyOf(sends.values());
            ReplayPlan plan = new ReplayPlan(results.stream().map(SendResult::message).toList(), results.size(), 0, 0);
            ReplaySummary.RunInfo run = new ReplaySummary.RunInfo("chat.txt", "four-line", "http://127.0.0.1:1", "sse",
                    "t", "replay");
            return SummaryCalculator.compute(run, plan, results, events, EventSourceStats.NONE);
        }
    }

    @Test
    void cleanRunReportsZeros() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2").accepted("bob", "b1")
                .typing("a1").typing("b1").reply("b1").reply("a1").typing("a2").reply("a2")
                .summarize();

        assertThat(summary.messages().sent()).isEqualTo(3);
        assertThat(summary.messages().accepted()).isEqualTo(3);
        assertThat(summary.replies().conversations()).isEqualTo(2);
        assertThat(summary.replies().replyEvents()).isEqualTo(3);
        assertThat(summary.replies().typingEvents()).isEqualTo(3);
        assertThat(summary.replies().answered()).isEqualTo(3);
        assertThat(summary.replies().lost()).isZero();
        assertThat(summary.replies().duplicateReplies()).isZero();
        assertThat(summary.replies().orderViolations()).isZero();
        assertThat(summary.replies().overlaps()).isZero();
        assertThat(summary.replies().unrelatedEvents()).isZero();
        assertThat(summary.findings()).isEmpty();
        assertThat(summary.ok()).isTrue();
        assertThat(summary.failures()).isEmpty();
    }

    @Test
    void replyToLaterMessageFirstIsOrderViolation() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .reply("a2").reply("a1")
                .summarize();

        assertThat(summary.replies().orderViolations()).isEqualTo(1);
        assertThat(summary.replies().lost()).isZero();
        // a2's reply came too early, so a2 is the finding, and the detail names a1.
        assertThat(summary.findings()).contains(new Finding(Finding.Kind.ORDER, "alice", "a2",
                "the reply arrived before the reply to a1, which was accepted earlier"));
        assertThat(summary.ok()).isFalse();
    }

    @Test
    void typingForNextMessageBeforeReplyIsOverlap() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .typing("a1").typing("a2").reply("a1").reply("a2")
                .summarize();

        assertThat(summary.replies().overlaps()).isEqualTo(1);
        assertThat(summary.replies().orderViolations()).isZero();
        assertThat(summary.findings()).containsExactly(new Finding(Finding.Kind.OVERLAP, "alice", "a2",
                "a typing event arrived before the reply to a1, which was accepted earlier"));
        assertThat(summary.failures()).containsExactly("1 overlap");
        assertThat(summary.ok()).isFalse();
    }

    @Test
    void orderViolationIsAlsoOverlap() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .reply("a2").reply("a1")
                .summarize();

        assertThat(summary.replies().overlaps()).isEqualTo(1);
        assertThat(summary.failures()).containsExactly("1 order violation", "1 overlap");
    }

    @Test
    void otherConversationsDoNotOverlap() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("bob", "b1")
                .typing("a1").typing("b1").reply("b1").reply("a1")
                .summarize();

        assertThat(summary.replies().overlaps()).isZero();
        assertThat(summary.replies().orderViolations()).isZero();
    }

    @Test
    void messageWithoutReplyIsLost() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2").accepted("alice", "a3")
                .reply("a1").typing("a3").reply("a3")
                .summarize();

        assertThat(summary.replies().lost()).isEqualTo(1);
        assertThat(summary.replies().answered()).isEqualTo(2);
        assertThat(summary.replies().overlaps()).as("a lost message blocks nothing").isZero();
        assertThat(summary.replies().orderViolations()).isZero();
        assertThat(summary.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.LOST);
            assertThat(finding.messageId()).isEqualTo("a2");
            assertThat(finding.detail()).isEqualTo("accepted at 0.020 s, no reply arrived");
        });
        assertThat(summary.failures()).containsExactly("1 lost");
    }

    @Test
    void secondReplyToOneMessageIsDuplicate() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .reply("a1").reply("a1").reply("a2").reply("a1")
                .summarize();

        assertThat(summary.replies().duplicateReplies()).isEqualTo(2);
        assertThat(summary.replies().replyEvents()).isEqualTo(4);
        assertThat(summary.replies().answered()).isEqualTo(2);
        assertThat(summary.replies().orderViolations()).isZero();
        assertThat(summary.findings()).containsExactly(
                new Finding(Finding.Kind.DUPLICATE, "alice", "a1", "answered by 3 reply events"));
        assertThat(summary.ok()).as("duplicates are allowed after a crash").isTrue();
    }

    @Test
    void batchedReplyAnswersEveryNamedMessage() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2").accepted("alice", "a3")
                .typing("a1", "a2").reply("a1", "a2").typing("a3").reply("a3")
                .summarize();

        assertThat(summary.replies().answered()).isEqualTo(3);
        assertThat(summary.replies().replyEvents()).isEqualTo(2);
        assertThat(summary.replies().overlaps()).isZero();
        assertThat(summary.replies().orderViolations()).isZero();
        assertThat(summary.replyGap().count()).isEqualTo(1);
    }

    @Test
    void separateWorkDuringBatchIsOverlap() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .typing("a1", "a2").typing("a2").reply("a1").reply("a2")
                .summarize();

        assertThat(summary.replies().overlaps()).isEqualTo(1);
        assertThat(summary.findings()).containsExactly(new Finding(Finding.Kind.OVERLAP, "alice", "a2",
                "a typing event arrived before the reply to a1, which was accepted earlier"));
    }

    @Test
    void batchWithOneEarlierMessageStillOverlapsAnother() {
        // a2 and a3 are worked on together, but a1 is still unanswered when that starts.
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2").accepted("alice", "a3")
                .typing("a1").typing("a2", "a3").reply("a1").reply("a2", "a3")
                .summarize();

        assertThat(summary.replies().overlaps()).isEqualTo(2);
        assertThat(summary.replies().orderViolations()).isZero();
        assertThat(summary.findings()).extracting(Finding::messageId).containsExactly("a2", "a3");
        assertThat(summary.findings()).allSatisfy(finding -> assertThat(finding.detail()).contains("reply to a1"));
    }

    @Test
    void eventsForOtherMessagesAreUnrelated() {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").rejected("alice", "a2", 400, "text is empty")
                .reply("old-run-r1").reply("a2").reply("a1")
                .summarize();

        assertThat(summary.replies().unrelatedEvents()).isEqualTo(2);
        assertThat(summary.replies().replyEvents()).isEqualTo(1);
        assertThat(summary.ok()).isTrue();
    }

    @Test
    void rejectionsAndFailuresAreGrouped() {
        ReplaySummary summary = new Scenario()
                .rejected("alice", "a1", 503, "store unavailable")
                .rejected("alice", "a2", 400, "text is too long")
                .rejected("bob", "b1", 503, "store unavailable again")
                .failed("bob", "b2", "ConnectException: Connection refused")
                .failed("bob", "b3", "HttpTimeoutException: request timed out")
                .summarize();

        assertThat(summary.messages().rejected()).isEqualTo(3);
        assertThat(summary.messages().rejectedByStatus()).containsExactly(Map.entry(400, 1), Map.entry(503, 2));
        assertThat(summary.messages().problemByStatus()).containsEntry(503, "store unavailable");
        assertThat(summary.messages().failed()).isEqualTo(2);
        assertThat(summary.messages().failedByReason())
                .containsExactly(Map.entry("ConnectException", 1), Map.entry("HttpTimeoutException", 1));
        assertThat(summary.failures()).containsExactly("2 sends without response");
        assertThat(summary.ok()).isFalse();
    }

    @Test
    void delayAndGapMeasured() {
        // a1 is sent at 0 ms and a2 at 10 ms. The replies arrive at 120 ms and 220 ms.
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .reply("a1").reply("a2")
                .summarize();

        assertThat(summary.replyDelay().count()).isEqualTo(2);
        assertThat(summary.replyDelay().min()).isEqualTo(Duration.ofMillis(120));
        assertThat(summary.replyDelay().max()).isEqualTo(Duration.ofMillis(210));
        assertThat(summary.replyGap().count()).isEqualTo(1);
        assertThat(summary.replyGap().min()).isEqualTo(Duration.ofMillis(100));
        assertThat(summary.sendLateness().max()).isEqualTo(Duration.ZERO);
    }

    @Test
    void findingsAreCappedPerKind() {
        Scenario scenario = new Scenario();
        for (int i = 0; i < SummaryCalculator.MAX_FINDINGS_PER_KIND + 5; i++) {
            scenario.accepted("user" + i, "m" + i);
        }

        ReplaySummary summary = scenario.summarize();

        assertThat(summary.replies().lost()).isEqualTo(SummaryCalculator.MAX_FINDINGS_PER_KIND + 5);
        assertThat(summary.findings()).hasSize(SummaryCalculator.MAX_FINDINGS_PER_KIND);
        assertThat(summary.findings().getFirst().messageId()).isEqualTo("m0");
        assertThat(summary.findings().getLast().messageId()).isEqualTo("m19");
    }

    @Test
    void textAndJsonShowTheSameCounts() throws Exception {
        ReplaySummary summary = new Scenario()
                .accepted("alice", "a1").accepted("alice", "a2")
                .reply("a2").reply("a1")
                .summarize();

        String text = SummaryText.format(summary);
        ObjectMapper mapper = new ObjectMapper();
        String json = SummaryJson.format(summary, mapper);

        assertThat(text).contains("order violations").contains("Result: FAILED, 1 order violation, 1 overlap");
        assertThat(text).isEqualTo(SummaryText.format(summary));
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.path("ok").asBoolean()).isFalse();
        assertThat(tree.path("replies").path("orderViolations").asInt()).isEqualTo(1);
        assertThat(tree.path("replies").path("overlaps").asInt()).isEqualTo(1);
        assertThat(tree.path("timingMs").path("replyDelay").path("count").asInt()).isEqualTo(2);
        assertThat(tree.path("findings")).hasSize(2);
    }
}
