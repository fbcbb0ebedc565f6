package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreOutageTest {

    private final ApiFixture fixture = ApiFixture.withoutKey();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void enqueueGets503WithRetryAfter() {
        fixture.outage.start();

        HttpResponse<String> response = fixture.postJson("/v1/messages",
                "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\",\"messageId\":\"m1\"}");

        assertStoreUnavailable(response);
        assertThat(response.body()).doesNotContain("simulated", "Exception");
        assertThat(ApiFixture.json(response).get("detail").asText()).contains("the same messageId");
    }

    @Test
    void enqueueWithTrailingSlashGetsEnqueueDetail() {
        fixture.outage.start();

        HttpResponse<String> response = fixture.postJson("/v1/messages/",
                "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\",\"messageId\":\"m1\"}");

        assertStoreUnavailable(response);
        assertThat(ApiFixture.json(response).get("detail").asText()).contains("the same messageId");
    }

    @Test
    void otherEndpointsDoNotMentionMessageId() {
        fixture.outage.start();

        for (HttpResponse<String> response : List.of(
                fixture.get("/v1/users/u1/queue"),
                fixture.get("/v1/dead-letters"),
                fixture.get("/v1/stats"),
                fixture.post("/v1/dead-letters/dl-1/replay"),
                fixture.delete("/v1/dead-letters/dl-1"))) {
            assertStoreUnavailable(response);
            assertThat(ApiFixture.json(response).get("detail").asText())
                    .as(response.uri().toString())
                    .doesNotContain("messageId")
                    .contains("Retry-After");
        }
    }

    @Test
    void readEndpointsGet503() {
        fixture.outage.start();

        assertStoreUnavailable(fixture.get("/v1/users/u1/queue"));
        assertStoreUnavailable(fixture.get("/v1/dead-letters"));
        assertStoreUnavailable(fixture.get("/v1/stats"));
        assertStoreUnavailable(fixture.post("/v1/dead-letters/dl-1/replay"));
        assertStoreUnavailable(fixture.delete("/v1/dead-letters/dl-1"));
    }

    @Test
    void invalidRequestRejectedDuringOutage() {
        fixture.outage.start();

        HttpResponse<String> response = fixture.postJson("/v1/messages", "{\"chatId\":\"c1\",\"text\":\"hello\"}");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void readinessFollowsTheStore() {
        assertThat(fixture.get("/health/ready").statusCode()).isEqualTo(200);

        fixture.outage.start();
        HttpResponse<String> ready = fixture.get("/health/ready");

        assertStoreUnavailable(ready);
        assertThat(fixture.get("/health/live").statusCode()).isEqualTo(200);
    }

    private static void assertStoreUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.STORE_UNAVAILABLE);
    }
}
