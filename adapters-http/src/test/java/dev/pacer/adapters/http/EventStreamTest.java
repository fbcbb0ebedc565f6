package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import dev.pacer.domain.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private final ApiFixture fixture = ApiFixture.withoutKey();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void streamDeliversOnlyItsChatEvents() throws Exception {
        try (EventStream chat1 = open("c1"); EventStream chat2 = open("c2")) {
            chat1.awaitConnected();
            chat2.awaitConnected();

            fixture.chatEvents.showTyping(message("m1", "c1"));
            fixture.chatEvents.send(Reply.to(message("m1", "c1"), "hi there"));
            fixture.chatEvents.send(Reply.to(message("m2", "c2"), "for chat 2"));

            List<String> typing = chat1.nextEvent(5_000);
            assertThat(typing).first().isEqualTo("event: typing");
            JsonNode typingData = data(typing);
            assertThat(typingData.get("type").asText()).isEqualTo("typing");
            assertThat(typingData.get("chatId").asText()).isEqualTo("c1");
            assertThat(typingData.get("userId").asText()).isEqualTo("u1");
            assertThat(typingData.get("inReplyTo").get(0).asText()).isEqualTo("m1");
            assertThat(typingData.has("text")).isFalse();

            List<String> reply = chat1.nextEvent(5_000);
            assertThat(reply).first().isEqualTo("event: reply");
            JsonNode replyData = data(reply);
            assertThat(replyData.get("text").asText()).isEqualTo("hi there");
            assertThat(replyData.get("botId").asText()).isEqualTo("default");
            assertThat(Instant.parse(replyData.get("at").asText())).isNotNull();

            List<String> other = chat2.nextEvent(5_000);
            assertThat(data(other).get("text").asText()).isEqualTo("for chat 2");
            assertThat(chat1.nextEvent(500)).isEmpty();
        }
    }

    @Test
    void streamHasEventStreamHeaders() throws Exception {
        try (EventStream stream = open("c1")) {
            stream.awaitConnected();

            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
        }
    }

    @Test
    void idleStreamGetsKeepAliveComments() throws Exception {
        try (EventStream stream = open("c1")) {
            stream.awaitConnected();

            assertThat(stream.nextLine(2_000)).isEqualTo(": keep-alive");
        }
    }

    @Test
    void closedClientIsRemoved() throws Exception {
        EventStream stream = open("c1");
        stream.awaitConnected();
        assertThat(fixture.chatEvents.clientCount("c1")).isEqualTo(1);

        stream.close();

        // The server notices on its next write, at the latest the keep-alive after 200 ms.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fixture.chatEvents.clientCount("c1") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fixture.chatEvents.clientCount("c1")).isZero();
    }

    @Test
    void disconnectAllEndsStreams() throws Exception {
        EventStream stream = open("c1");
        stream.awaitConnected();

        fixture.chatEvents.disconnectAll();

        String line;
        do {
            line = stream.nextLine(5_000);
        } while (line != null && !line.equals(EventStream.END));
        assertThat(line).isEqualTo(EventStream.END);
        assertThat(fixture.chatEvents.clientCount("c1")).isZero();
    }

    @Test
    void requestWithoutEventStreamAcceptIs406() {
        HttpResponse<String> response = fixture.get("/v1/chats/c1/events", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.NOT_ACCEPTABLE);
        assertThat(fixture.chatEvents.clientCount("c1")).isZero();
    }

    @Test
    void invalidChatIdIs400() {
        HttpResponse<String> response = fixture.get("/v1/chats/a%3Ab/events", "Accept", "text/event-stream");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("errors").get(0).get("field").asText()).isEqualTo("chatId");
    }

    @Test
    void overflowingClientIsDisconnected() {
        SseChatEvents events = new SseChatEvents(new SseSettings(Duration.ofSeconds(1), 2, 4), Clock.systemUTC());
        SseSubscription subscription = events.subscribe("c1");

        events.showTyping(message("m1", "c1"));
        events.showTyping(message("m1", "c1"));
        events.showTyping(message("m1", "c1"));

        assertThat(subscription.isOpen()).isFalse();
    }

    @Test
    void clientsBeyondMaximumAreRejected() {
        SseChatEvents events = new SseChatEvents(new SseSettings(Duration.ofSeconds(1), 2, 2), Clock.systemUTC());
        events.subscribe("c1");
        SseSubscription second = events.subscribe("c2");

        assertThatThrownBy(() -> events.subscribe("c3"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(503));

        events.unsubscribe(second);
        assertThat(events.subscribe("c3").chatId()).isEqualTo("c3");
    }

    private EventStream open(String chatId) {
        HttpRequest request = fixture.request("/v1/chats/" + chatId + "/events", "Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(1))
                .GET()
                .build();
        return EventStream.open(fixture.client, request);
    }

    private static Message message(String id, String chatId) {
        return new Message(id, ConversationKey.of(null, "u1"), chatId, "hello", MessageType.REGULAR, Instant.now(), 0);
    }

    private static JsonNode data(List<String> event) throws Exception {
        String data = event.stream()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring("data: ".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no data line in " + event));
        return new ObjectMapper().readTree(data);
    }
}
