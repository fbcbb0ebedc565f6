package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pacer.application.port.Claim;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.DeadLetterReason;
import dev.pacer.domain.Message;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterEndpointsTest {

    private final ApiFixture fixture = ApiFixture.withoutKey();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void listShowsDeadLettersOldestFirst() {
        String first = deadLetter("u1", "m1", "first");
        String second = deadLetter("u2", "m2", "second");

        HttpResponse<String> response = fixture.get("/v1/dead-letters");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode letters = ApiFixture.json(response).get("deadLetters");
        assertThat(letters).hasSize(2);
        JsonNode letter = letters.get(0);
        assertThat(letter.get("id").asText()).isEqualTo(first);
        assertThat(letter.get("botId").asText()).isEqualTo("default");
        assertThat(letter.get("userId").asText()).isEqualTo("u1");
        assertThat(letter.get("messageId").asText()).isEqualTo("m1");
        assertThat(letter.get("text").asText()).isEqualTo("first");
        assertThat(letter.get("reason").asText()).isEqualTo("retries_exhausted");
        assertThat(letter.get("error").asText()).isEqualTo("AI timed out");
        assertThat(letter.has("rawPayload")).isFalse();
        assertThat(letters.get(1).get("id").asText()).isEqualTo(second);
    }

    @Test
    void listHonoursLimit() {
        deadLetter("u1", "m1", "first");
        deadLetter("u2", "m2", "second");

        JsonNode letters = ApiFixture.json(fixture.get("/v1/dead-letters?limit=1")).get("deadLetters");

        assertThat(letters).hasSize(1);
    }

    @Test
    void listRejectsLimitOutOfRange() {
        for (String limit : List.of("0", "1001", "-1", "ten", "")) {
            HttpResponse<String> response = fixture.get("/v1/dead-letters?limit=" + limit);

            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(ApiFixture.json(response).get("errors").get(0).get("field").asText()).isEqualTo("limit");
        }
    }

    @Test
    void replayQueuesMessageAgain() {
        String id = deadLetter("u1", "m1", "first");

        HttpResponse<String> response = fixture.post("/v1/dead-letters/" + id + "/replay");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("deadLetterId").asText()).isEqualTo(id);
        assertThat(body.get("messageId").asText()).isEqualTo("m1");
        assertThat(body.get("queuePosition").asLong()).isEqualTo(1);
        assertThat(fixture.store.pending(ConversationKey.of(null, "u1"))).extracting(Message::id).containsExactly("m1");
        assertThat(fixture.store.count()).isZero();
    }

    @Test
    void replayOfUnknownIdIs404() {
        HttpResponse<String> response = fixture.post("/v1/dead-letters/dl-404/replay");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.NOT_FOUND);
    }

    @Test
    void replayOfUnreadableEntryIs409() {
        String id = unreadableDeadLetter();

        HttpResponse<String> response = fixture.post("/v1/dead-letters/" + id + "/replay");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.DEAD_LETTER_UNREADABLE);
        assertThat(fixture.store.count()).isEqualTo(1);
    }

    @Test
    void unreadableEntryIsListedWithRawPayload() {
        unreadableDeadLetter();

        JsonNode letter = ApiFixture.json(fixture.get("/v1/dead-letters")).get("deadLetters").get(0);

        assertThat(letter.get("rawPayload").asText()).isEqualTo("{not json");
        assertThat(letter.get("reason").asText()).isEqualTo("unreadable_entry");
        assertThat(letter.has("messageId")).isFalse();
    }

    @Test
    void listLeavesOutNullFields() {
        deadLetter("u1", "m1", "first");
        unreadableDeadLetter();

        JsonNode letters = ApiFixture.json(fixture.get("/v1/dead-letters")).get("deadLetters");

        assertThat(fieldNames(letters.get(0))).containsExactlyInAnyOrder(
                "id", "botId", "userId", "messageId", "chatId", "text", "type", "reason", "error", "attempts", "deadAt");
        assertThat(fieldNames(letters.get(1))).containsExactlyInAnyOrder(
                "id", "botId", "userId", "rawPayload", "reason", "error", "attempts", "deadAt");
    }

    @Test
    void deleteRemovesDeadLetter() {
        String id = deadLetter("u1", "m1", "first");

        HttpResponse<String> response = fixture.delete("/v1/dead-letters/" + id);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(fixture.store.count()).isZero();
    }

    @Test
    void deleteOfUnknownIdIs404() {
        HttpResponse<String> response = fixture.delete("/v1/dead-letters/dl-404");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.NOT_FOUND);
    }

    @Test
    void invalidIdIsRejected() {
        HttpResponse<String> response = fixture.delete("/v1/dead-letters/a%7Bb");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("errors").get(0).get("field").asText()).isEqualTo("id");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Queues a message through the API, claims it, gives up on it and returns the dead letter's id. */
    private String deadLetter(String userId, String messageId, String text) {
        fixture.postJson("/v1/messages",
                "{\"userId\":\"" + userId + "\",\"chatId\":\"c1\",\"text\":\"" + text + "\",\"messageId\":\"" + messageId + "\"}");
        Claim claim = fixture.store.claim(1, Duration.ofSeconds(30)).getFirst();
        Message message = ((QueuedEntry.Readable) claim.head()).message();
        fixture.store.deadLetter(claim.lease(),
                DeadLetter.of(message, DeadLetterReason.RETRIES_EXHAUSTED, "AI timed out", Instant.now()));
        return fixture.store.list(100).getLast().id();
    }

    private String unreadableDeadLetter() {
        fixture.postJson("/v1/messages", "{\"userId\":\"u9\",\"chatId\":\"c1\",\"text\":\"x\"}");
        Claim claim = fixture.store.claim(1, Duration.ofSeconds(30)).getFirst();
        fixture.store.deadLetter(claim.lease(),
                DeadLetter.unreadable(claim.lease().conversation(), "{not json", "corrupt entry", Instant.now()));
        return fixture.store.list(100).getLast().id();
    }
}
