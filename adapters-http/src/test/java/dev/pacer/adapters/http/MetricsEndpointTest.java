package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final Message MESSAGE = new Message(
            "m1", new ConversationKey("default", "u1"), "c1", "hi", MessageType.REGULAR, Instant.now(), 1);

    @Test
    void metricsReportDispatchEvents() {
        try (ApiFixture fixture = ApiFixture.withoutKey()) {
            fixture.observer.replySent(MESSAGE, Duration.ofMillis(12));
            fixture.observer.replySent(MESSAGE, Duration.ofMillis(3));
            fixture.observer.replyRetried(MESSAGE, Duration.ofSeconds(1));
            fixture.observer.deadLettered(DeadLetter.of(MESSAGE, DeadLetterReason.PERMANENT_FAILURE, "rejected", Instant.now()));
            fixture.observer.leaseLost(MESSAGE.conversation());

            HttpResponse<String> response = fixture.get("/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("pacer_replies_sent_total 2.0");
            assertThat(response.body()).contains("pacer_reply_lateness_seconds_count 2");
            assertThat(response.body()).containsPattern("(?m)^pacer_reply_lateness_seconds_bucket\\{le=\"[0-9.]+\"} 2");
            assertThat(response.body()).doesNotContain("quantile=");
            assertThat(response.body()).contains("pacer_replies_retried_total 1.0");
            assertThat(response.body()).contains("pacer_dead_letters_added_total{reason=\"permanent_failure\"} 1.0");
            assertThat(response.body()).contains("pacer_leases_lost_total 1.0");
        }
    }

    @Test
    void latenessHasNoClientSidePercentiles() {
        try (ApiFixture fixture = ApiFixture.withoutKey()) {
            fixture.observer.replySent(MESSAGE, Duration.ofMillis(12));

            Timer lateness = fixture.metrics.get("pacer.reply.lateness").timer();

            // The Prometheus registry would export only the histogram, so percentiles would cost memory for nothing.
            assertThat(lateness.takeSnapshot().percentileValues()).isEmpty();
            assertThat(lateness.takeSnapshot().histogramCounts()).isNotEmpty();
        }
    }

    @Test
    void metricsReportQueueSizes() {
        try (ApiFixture fixture = ApiFixture.withoutKey()) {
            fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}");

            HttpResponse<String> response = fixture.get("/metrics");

            assertThat(response.body()).contains("pacer_conversations_due 1.0");
            assertThat(response.body()).contains("pacer_conversations_leased 0.0");
        }
    }

    @Test
    void metricsNeedApiKeyWhenSet() {
        try (ApiFixture fixture = ApiFixture.withKey()) {
            assertThat(fixture.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(fixture.get("/metrics", "Authorization", "Bearer " + ApiFixture.API_KEY).statusCode()).isEqualTo(200);
        }
    }
}
