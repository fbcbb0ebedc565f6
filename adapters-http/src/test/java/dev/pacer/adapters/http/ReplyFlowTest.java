package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.application.DispatchReplies;
import dev.pacer.application.DispatchSettings;
import dev.pacer.application.SystemWorkerClock;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.RetryPolicy;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A message posted to the API gets its reply through the webhook and the event stream of its chat. */
class ReplyFlowTest {

    private final ApiFixture fixture = ApiFixture.withoutKey();
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final WebhookChatGateway webhook = new WebhookChatGateway(
            new WebhookSettings(receiver.url(), "flow-secret", Duration.ofSeconds(2), 3, Duration.ofMillis(10)),
            Clock.systemUTC());
    private final ExecutorService aiExecutor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        aiExecutor.close();
        webhook.close();
        receiver.close();
        fixture.close();
    }

    @Test
    void replyReachesWebhookAndStream() throws Exception {
        DispatchReplies dispatch = new DispatchReplies(
                fixture.store,
                fixture.store,
                (message, history) -> "echo: " + message.text(),
                new FanOutChatGateway(webhook, List.of(fixture.chatEvents)),
                new SystemWorkerClock(),
                PacingPolicy.immediate(),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), 0.0),
                new DispatchSettings(1, 1, Duration.ofSeconds(30), 0, Duration.ofMillis(100)),
                new Random(1),
                aiExecutor);
        HttpRequest streamRequest = fixture.request("/v1/chats/c1/events", "Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(1))
                .GET()
                .build();

        try (EventStream stream = EventStream.open(fixture.client, streamRequest)) {
            stream.awaitConnected();
            fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"ping\",\"messageId\":\"m1\"}");

            assertThat(dispatch.pollOnce()).isEqualTo(1);

            List<String> event = stream.nextEvent(5_000);
            assertThat(event).contains("event: reply");
        }
        WebhookReceiver.Received delivered = receiver.received().getFirst();
        JsonNode body = new ObjectMapper().readTree(delivered.body());
        assertThat(body.get("text").asText()).isEqualTo("echo: ping");
        assertThat(delivered.header("Idempotency-Key")).isEqualTo("m1");
        assertThat(fixture.store.pending(ConversationKey.of(null, "u1"))).isEmpty();
    }
}
