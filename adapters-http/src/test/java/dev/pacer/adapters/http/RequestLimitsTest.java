package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits enforced before a handler reads a request whole, checked with hand-made requests. */
class RequestLimitsTest {

    private final ApiFixture fixture = ApiFixture.withoutKey();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void declaredOversizedBodyRejectedEarly() {
        // Only the headers are sent, so the response must not wait for the 100 MB they announce.
        String response = RawHttp.exchange(fixture.api.port(), """
                POST /v1/messages HTTP/1.1\r
                Host: 127.0.0.1\r
                Content-Type: application/json\r
                Content-Length: 100000000\r
                \r
                """);

        assertThat(RawHttp.status(response)).isEqualTo(413);
        assertThat(response).contains("Content-Type: application/problem+json");
        assertThat(RawHttp.body(response)).contains(Problems.BODY_TOO_LARGE, "\"field\":\"body\"");
        assertThat(fixture.storeIsEmpty()).isTrue();
    }

    @Test
    void chunkedBodyIsCutOffAtTheLimit() {
        // 96 KiB in chunks and no final chunk, so the server has to respond once it has read past 64 KiB.
        StringBuilder request = new StringBuilder("""
                POST /v1/messages HTTP/1.1\r
                Host: 127.0.0.1\r
                Content-Type: application/json\r
                Transfer-Encoding: chunked\r
                \r
                """);
        String chunk = "x".repeat(16 * 1024);
        for (int i = 0; i < 6; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }

        String response = RawHttp.exchange(fixture.api.port(), request.toString());

        assertThat(RawHttp.status(response)).isEqualTo(413);
        assertThat(RawHttp.body(response)).contains(Problems.BODY_TOO_LARGE);
        assertThat(fixture.storeIsEmpty()).isTrue();
    }

    @Test
    void chunkedBodyWithinTheLimitIsAccepted() {
        String json = "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\"}";
        String response = RawHttp.exchange(fixture.api.port(), "POST /v1/messages HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(202);
    }

    @Test
    void malformedChunkIsAProblem() {
        String response = RawHttp.exchange(fixture.api.port(), "POST /v1/messages HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(RawHttp.body(response)).doesNotContain("<html", "Exception");
        assertThat(fixture.storeIsEmpty()).isTrue();
    }

    @Test
    void badUriEncodingIsAProblem() {
        String response = RawHttp.exchange(fixture.api.port(), "GET /v1/users/%zz/queue HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(response).contains("Content-Type: application/problem+json");
        assertThat(RawHttp.body(response)).contains(Problems.HTTP_ERROR).doesNotContain("<html");
    }

    @Test
    void oversizedHeadersAreAProblem() {
        String response = RawHttp.exchange(fixture.api.port(),
                "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(431);
        assertThat(RawHttp.body(response)).contains(Problems.HTTP_ERROR).doesNotContain("<html");
    }
}
