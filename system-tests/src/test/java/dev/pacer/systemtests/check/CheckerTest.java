package dev.pacer.systemtests.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.ai.stub.RecordedCall;
import dev.pacer.systemtests.fakes.Delivery;
import dev.pacer.systemtests.fakes.WebhookReceiver;
import dev.pacer.systemtests.process.ClusterSettings;
import dev.pacer.systemtests.process.RedisServer;
import dev.pacer.systemtests.workload.FaultEvent;
import dev.pacer.systemtests.workload.FaultKind;
import dev.pacer.systemtests.workload.PacerClient;
import dev.pacer.systemtests.workload.PlannedMessage;
import dev.pacer.systemtests.workload.SentMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker on hand-made recordings, so that each finding it reports is known to be detectable. */
class CheckerTest {

    private static final String SECRET = "secret";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClusterSettings SETTINGS = ClusterSettings.forFaultRun(RedisServer.Persistence.AOF_ALWAYS);

    private final List<SentMessage> sent = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<PacerClient.DeadLetterView> deadLetters = new ArrayList<>();
    private final List<FaultEvent> faults = new ArrayList<>();

    @Test
    void cleanRunPasses() {
        accept(0, 0, 0);
        accept(0, 1, 10);
        reply(0, 0, 500, 200, true);
        reply(0, 1, 1000, 200, true);

        Report report = check();

        assertThat(report.failures()).isEmpty();
        assertThat(report.repliedMessages()).isEqualTo(2);
    }

    @Test
    void messageWithoutReplyOrDeadLetterIsLost() {
        accept(0, 0, 0);
        accept(0, 1, 10);
        accept(0, 2, 20);
        reply(0, 0, 500, 200, true);
        deadLetters.add(new PacerClient.DeadLetterView("dl-1", "default", "u0", "c000-m001", "retries_exhausted", "x", 4));

        Report report = check();

        assertThat(report.lost()).hasSize(1).first().asString().startsWith("c000-m002");
        assertThat(report.deadLettered()).isEqualTo(1);
    }

    @Test
    void laterMessageAnsweredFirstIsOrderViolation() {
        accept(0, 0, 0);
        accept(0, 1, 10);
        reply(0, 1, 500, 200, true);
        reply(0, 0, 900, 200, true);

        Report report = check();

        assertThat(report.orderViolations()).hasSize(1).first().asString().startsWith("c000-m000");
    }

    @Test
    void overlappingAiCallsAreFound() {
        accept(1, 0, 0);
        accept(1, 1, 10);
        call(1, 0, 100, 400);
        call(1, 1, 300, 500);

        Report report = check();

        assertThat(report.aiOverlaps()).hasSize(1);
    }

    @Test
    void hungAiCallEndsAtTheTimeout() {
        accept(1, 0, 0);
        call(1, 0, 0, 2500);
        call(1, 0, SETTINGS.aiTimeout().toMillis() + 50, SETTINGS.aiTimeout().toMillis() + 100);

        Report report = check();

        assertThat(report.aiOverlaps()).isEmpty();
    }

    @Test
    void repeatAfterSigkillIsExplained() {
        accept(0, 0, 0);
        reply(0, 0, 500, 200, true);
        fault(FaultKind.INSTANCE_SIGKILL, 505, 2000);
        reply(0, 0, 3000, 200, true);

        Report report = check();

        assertThat(report.repeats(Report.RepeatCause.INSTANCE_SIGKILL)).hasSize(1);
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void repeatAfterFailedDeliveryIsExplained() {
        accept(0, 0, 0);
        reply(0, 0, 500, 500, true);
        reply(0, 0, 800, 200, true);

        Report report = check();

        assertThat(report.repeats(Report.RepeatCause.WEBHOOK_RETRY)).hasSize(1);
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void repeatWithoutFaultIsUnexplained() {
        accept(0, 0, 0);
        reply(0, 0, 500, 200, true);
        reply(0, 0, 3000, 200, true);

        Report report = check();

        assertThat(report.repeats(Report.RepeatCause.UNEXPLAINED)).hasSize(1);
        assertThat(report.failures()).isNotEmpty();
    }

    @Test
    void repeatAfterSigtermFails() {
        accept(0, 0, 0);
        reply(0, 0, 500, 200, true);
        fault(FaultKind.INSTANCE_SIGTERM, 400, 2000);
        reply(0, 0, 3000, 200, true);

        Report report = check();

        assertThat(report.repeats(Report.RepeatCause.INSTANCE_SIGTERM)).hasSize(1);
        assertThat(report.failures()).isNotEmpty();
    }

    @Test
    void replyBeforeMinimumDelayIsPacingViolation() {
        accept(0, 0, 0);
        reply(0, 0, 5, 200, true);

        Report report = check();

        assertThat(report.pacingViolations()).hasSize(1);
    }

    @Test
    void pacingCountsFromPreviousReply() {
        accept(0, 0, 0);
        accept(0, 1, 10);
        reply(0, 0, 500, 200, true);
        reply(0, 1, 510, 200, true);

        Report report = check();

        assertThat(report.pacingViolations()).hasSize(1).first().asString().startsWith("c000-m001");
    }

    @Test
    void overlappingDeliveriesAreFound() {
        accept(0, 0, 0);
        accept(0, 1, 10);
        deliveries.add(delivery(0, 0, 500, 900, 200, true));
        deliveries.add(delivery(0, 1, 700, 1000, 200, true));

        Report report = check();

        assertThat(report.sendOverlaps()).hasSize(1);
    }

    @Test
    void lossInsideFsyncWindowIsReportedApart() {
        accept(0, 0, 0);
        fault(FaultKind.REDIS_SIGKILL, 800, 2000);

        Report report = new Checker(CheckLimits.everysec(SETTINGS)).check(recordings(), "test");

        assertThat(report.lost()).isEmpty();
        assertThat(report.lostWithinFsyncWindow()).hasSize(1);
    }

    @Test
    void reportRendersEveryFinding() {
        accept(0, 0, 0);
        accept(0, 1, 10);
        reply(0, 1, 500, 200, true);

        String text = check().render();

        assertThat(text).contains("seed 7", "lost (1):", "RESULT: FAILED");
    }

    private Report check() {
        return new Checker(CheckLimits.strict(SETTINGS)).check(recordings(), "test");
    }

    private Recordings recordings() {
        return new Recordings(7, sent.size(), sent, deliveries, calls, deadLetters, Map.of(), faults, Map.of());
    }

    private void accept(int conversation, int sequence, long atMillis) {
        PlannedMessage message = PlannedMessage.of(conversation, sequence, "hello");
        sent.add(new SentMessage(message, at(atMillis), at(atMillis + 2), 202, 1, 0, 0, null));
    }

    private void reply(int conversation, int sequence, long atMillis, int status, boolean processed) {
        deliveries.add(delivery(conversation, sequence, atMillis, atMillis + 1, status, processed));
    }

    private Delivery delivery(int conversation, int sequence, long receivedMillis, long respondedMillis, int status,
            boolean processed) {
        PlannedMessage message = PlannedMessage.of(conversation, sequence, "hello");
        byte[] body = ("{\"type\":\"reply\",\"inReplyTo\":[\"" + message.messageId() + "\"]}").getBytes(StandardCharsets.UTF_8);
        return new Delivery(deliveries.size() + 1, at(receivedMillis), at(respondedMillis), message.messageId(),
                WebhookReceiver.sign(SECRET, body), true, "reply", message.botId(), message.userId(), message.chatId(),
                "reply to: " + message.text(), List.of(message.messageId()), at(receivedMillis).toString(), body, status,
                processed);
    }

    private void call(int conversation, int sequence, long startMillis, long endMillis) {
        String text = PlannedMessage.of(conversation, sequence, "hello").text();
        calls.add(new RecordedCall(at(startMillis), at(endMillis), "/v1/chat/completions", null, Map.of(), "{}", text, 200));
    }

    private void fault(FaultKind kind, long startMillis, long endMillis) {
        faults.add(new FaultEvent(kind, "pacer-1", at(startMillis), at(endMillis), "test"));
    }

    private static Instant at(long millis) {
        return T0.plus(Duration.ofMillis(millis));
    }
}
