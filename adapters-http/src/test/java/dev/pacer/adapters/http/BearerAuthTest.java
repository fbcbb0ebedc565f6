package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private static final String MESSAGE = "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\"}";

    private final ApiFixture fixture = ApiFixture.withKey();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void missingTokenIsRejected() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", MESSAGE);

        assertUnauthorized(response);
        assertThat(fixture.storeIsEmpty()).isTrue();
    }

    @Test
    void wrongTokenIsRejected() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", MESSAGE, "Authorization", "Bearer not-the-key");

        assertUnauthorized(response);
        assertThat(fixture.storeIsEmpty()).isTrue();
    }

    @Test
    void tokenWithKeyAsPrefixIsRejected() {
        HttpResponse<String> response =
                fixture.postJson("/v1/messages", MESSAGE, "Authorization", "Bearer " + ApiFixture.API_KEY + "x");

        assertUnauthorized(response);
    }

    @Test
    void basicSchemeIsRejected() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", MESSAGE, "Authorization", "Basic dXNlcjpwYXNz");

        assertUnauthorized(response);
    }

    @Test
    void rightTokenIsAccepted() {
        HttpResponse<String> response =
                fixture.postJson("/v1/messages", MESSAGE, "Authorization", "Bearer " + ApiFixture.API_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void schemeIsCaseInsensitive() {
        HttpResponse<String> response =
                fixture.postJson("/v1/messages", MESSAGE, "Authorization", "bearer " + ApiFixture.API_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void everyV1EndpointRequiresToken() {
        List<HttpRequest.Builder> requests = List.of(
                fixture.request("/v1/users/u1/queue").GET(),
                fixture.request("/v1/dead-letters").GET(),
                fixture.request("/v1/dead-letters/dl-1/replay").POST(HttpRequest.BodyPublishers.noBody()),
                fixture.request("/v1/dead-letters/dl-1").DELETE(),
                fixture.request("/v1/stats").GET(),
                fixture.request("/v1/chats/c1/events", "Accept", "text/event-stream").GET());

        for (HttpRequest.Builder request : requests) {
            assertUnauthorized(fixture.send(request));
        }
    }

    @Test
    void healthEndpointsStayOpen() {
        assertThat(fixture.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/health/ready").statusCode()).isEqualTo(200);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(ApiFixture.json(response).get("type").asText()).isEqualTo(Problems.UNAUTHORIZED);
        assertThat(response.body()).doesNotContain(ApiFixture.API_KEY);
    }
}
