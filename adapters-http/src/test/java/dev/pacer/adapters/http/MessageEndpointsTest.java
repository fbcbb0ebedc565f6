package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageEndpointsTest {

    private final ApiFixture fixture = ApiFixture.withoutKey();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void enqueueAcceptsMessage() {
        HttpResponse<String> response = fixture.postJson("/v1/messages",
                "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\",\"messageId\":\"m1\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("messageId").asText()).isEqualTo("m1");
        assertThat(body.get("queuePosition").asLong()).isEqualTo(1);

        List<Message> pending = fixture.store.pending(ConversationKey.of(null, "u1"));
        assertThat(pending).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo("m1");
            assertThat(message.chatId()).isEqualTo("c1");
            assertThat(message.text()).isEqualTo("hello");
        });
    }

    @Test
    void enqueueAssignsIdWhenMissing() {
        HttpResponse<String> response = fixture.postJson("/v1/messages",
                "{\"botId\":\"b1\",\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\",\"type\":\"proactive\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        String id = ApiFixture.json(response).get("messageId").asText();
        assertThat(id).isNotBlank();
        assertThat(fixture.store.pending(ConversationKey.of("b1", "u1")))
                .singleElement()
                .satisfies(message -> {
                    assertThat(message.id()).isEqualTo(id);
                    assertThat(message.type().wireName()).isEqualTo("proactive");
                });
    }

    @Test
    void enqueueCountsQueuePosition() {
        fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"one\"}");
        HttpResponse<String> second = fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"two\"}");

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(ApiFixture.json(second).get("queuePosition").asLong()).isEqualTo(2);
    }

    @Test
    void duplicateMessageIdReturnsFirstResult() {
        String json = "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\",\"messageId\":\"m1\"}";
        fixture.postJson("/v1/messages", json);

        HttpResponse<String> repeat = fixture.postJson("/v1/messages",
                "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"changed text\",\"messageId\":\"m1\"}");

        assertThat(repeat.statusCode()).isEqualTo(200);
        JsonNode body = ApiFixture.json(repeat);
        assertThat(body.get("messageId").asText()).isEqualTo("m1");
        assertThat(body.get("queuePosition").asLong()).isEqualTo(1);
        assertThat(fixture.store.pending(ConversationKey.of(null, "u1")))
                .extracting(Message::text)
                .containsExactly("hello");
    }

    @Test
    void numericIdsReadAsDecimalStrings() {
        HttpResponse<String> response = fixture.postJson("/v1/messages",
                "{\"userId\":123456789,\"chatId\":-1001234567890,\"text\":\"hi\",\"messageId\":42}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ApiFixture.json(response).get("messageId").asText()).isEqualTo("42");
        assertThat(fixture.store.pending(ConversationKey.of(null, "123456789")))
                .singleElement()
                .satisfies(message -> assertThat(message.chatId()).isEqualTo("-1001234567890"));
    }

    @Test
    void fullQueueGets429WithRetryAfter() {
        for (int i = 0; i < ApiFixture.MAX_QUEUED; i++) {
            assertThat(fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"m" + i + "\"}")
                    .statusCode()).isEqualTo(202);
        }

        HttpResponse<String> response = fixture.postJson("/v1/messages",
                "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"one too many\"}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.QUEUE_FULL);
        assertThat(fixture.store.pending(ConversationKey.of(null, "u1"))).hasSize(ApiFixture.MAX_QUEUED);
    }

    @Test
    void queueListsPendingMessagesHeadFirst() {
        fixture.postJson("/v1/messages", "{\"botId\":\"b1\",\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"first\",\"messageId\":\"m1\"}");
        fixture.postJson("/v1/messages", "{\"botId\":\"b1\",\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"second\",\"messageId\":\"m2\"}");
        fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"other bot\"}");

        HttpResponse<String> response = fixture.get("/v1/users/u1/queue?botId=b1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("botId").asText()).isEqualTo("b1");
        assertThat(body.get("userId").asText()).isEqualTo("u1");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(0).get("messageId").asText()).isEqualTo("m1");
        assertThat(body.get("messages").get(0).get("text").asText()).isEqualTo("first");
        assertThat(body.get("messages").get(0).get("type").asText()).isEqualTo("regular");
        assertThat(body.get("messages").get(0).get("attempts").asInt()).isZero();
        assertThat(body.get("messages").get(1).get("messageId").asText()).isEqualTo("m2");
    }

    @Test
    void queueDefaultsToDefaultBot() {
        fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}");

        JsonNode body = ApiFixture.json(fixture.get("/v1/users/u1/queue"));

        assertThat(body.get("botId").asText()).isEqualTo("default");
        assertThat(body.get("messages")).hasSize(1);
    }

    @Test
    void queueOfUnknownUserIsEmpty() {
        HttpResponse<String> response = fixture.get("/v1/users/nobody/queue");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.json(response).get("messages")).isEmpty();
    }

    @Test
    void queueRejectsInvalidIds() {
        HttpResponse<String> badUser = fixture.get("/v1/users/a%3Ab/queue");
        HttpResponse<String> badBot = fixture.get("/v1/users/u1/queue?botId=");

        assertThat(badUser.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(badUser).get("errors").get(0).get("field").asText()).isEqualTo("userId");
        assertThat(badBot.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(badBot).get("errors").get(0).get("field").asText()).isEqualTo("botId");
    }

    @Test
    void statsCountsDueConversations() {
        fixture.postJson("/v1/messages", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hi\"}");
        fixture.postJson("/v1/messages", "{\"userId\":\"u2\",\"chatId\":\"c2\",\"text\":\"hi\"}");

        JsonNode body = ApiFixture.json(fixture.get("/v1/stats"));

        assertThat(body.get("dueConversations").asLong()).isEqualTo(2);
        assertThat(body.get("leasedConversations").asLong()).isZero();
        assertThat(body.get("deadLetters").asLong()).isZero();
    }
}
