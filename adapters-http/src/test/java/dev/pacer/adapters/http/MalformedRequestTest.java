package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed {@code POST /v1/messages} gets a 4xx problem naming the field, and queues nothing. */
class MalformedRequestTest {

    private static final String JSON = "application/json";
    private static final String VALID_TAIL = "\"chatId\":\"c1\",\"text\":\"hello\"";

    /** One malformed request and the problem it must produce. */
    record Case(String name, String contentType, byte[] body, int status, String type, String field) {

        static Case json(String name, String body, int status, String type, String field) {
            return new Case(name, JSON, body.getBytes(StandardCharsets.UTF_8), status, type, field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static ApiFixture fixture;

    @BeforeAll
    static void start() {
        fixture = ApiFixture.withoutKey();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Stream<Case> cases() {
        String malformed = Problems.MALFORMED_JSON;
        String invalid = Problems.INVALID_REQUEST;
        return Stream.of(
                Case.json("truncated JSON", "{\"userId\":\"u1\"," + VALID_TAIL, 400, malformed, "body"),
                Case.json("missing colon", "{\"userId\" \"u1\"," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("trailing garbage", "{\"userId\":\"u1\"," + VALID_TAIL + "} extra", 400, malformed, "body"),
                Case.json("empty body", "", 400, malformed, "body"),
                Case.json("array instead of object", "[\"u1\",\"c1\",\"hello\"]", 400, malformed, "body"),
                Case.json("string instead of object", "\"hello\"", 400, malformed, "body"),
                Case.json("deeply nested value", "{\"userId\":\"u1\"," + VALID_TAIL + ",\"x\":" + "[".repeat(500)
                        + "]".repeat(500) + "}", 400, malformed, "body"),
                Case.json("duplicate field", "{\"userId\":\"u1\",\"userId\":\"u2\"," + VALID_TAIL + "}", 400, malformed, "userId"),
                Case.json("second object after the first", "{\"userId\":\"u1\"," + VALID_TAIL + "}{\"a\":1}", 400, malformed, "body"),
                Case.json("number after the object", "{\"userId\":\"u1\"," + VALID_TAIL + "} 5", 400, malformed, "body"),
                Case.json("extra closing brace", "{\"userId\":\"u1\"," + VALID_TAIL + "}}", 400, malformed, "body"),
                Case.json("JSON null", "null", 400, malformed, "body"),
                Case.json("unquoted field name", "{userId:\"u1\"," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("single-quoted string", "{\"userId\":'u1'," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("comment before the object", "/* hi */{\"userId\":\"u1\"," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("NaN as userId", "{\"userId\":NaN," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("number with a leading zero", "{\"userId\":012," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("raw tab inside a string", "{\"userId\":\"u\t1\"," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("unknown escape", "{\"userId\":\"u\\q1\"," + VALID_TAIL + "}", 400, malformed, "body"),
                Case.json("body ends inside a string", "{\"userId\":\"u1", 400, malformed, "body"),
                Case.json("number over 1000 digits", "{\"userId\":" + "1".repeat(1001) + "," + VALID_TAIL + "}",
                        400, malformed, "body"),
                new Case("invalid UTF-8", JSON, invalidUtf8Body(), 400, malformed, "body"),
                Case.json("missing userId", "{" + VALID_TAIL + "}", 400, invalid, "userId"),
                Case.json("missing chatId", "{\"userId\":\"u1\",\"text\":\"hello\"}", 400, invalid, "chatId"),
                Case.json("missing text", "{\"userId\":\"u1\",\"chatId\":\"c1\"}", 400, invalid, "text"),
                Case.json("null userId", "{\"userId\":null," + VALID_TAIL + "}", 400, invalid, "userId"),
                Case.json("userId as fraction", "{\"userId\":12.5," + VALID_TAIL + "}", 400, invalid, "userId"),
                Case.json("userId as boolean", "{\"userId\":true," + VALID_TAIL + "}", 400, invalid, "userId"),
                Case.json("chatId as object", "{\"userId\":\"u1\",\"chatId\":{\"id\":1},\"text\":\"hello\"}", 400, invalid, "chatId"),
                Case.json("text as number", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":42}", 400, invalid, "text"),
                Case.json("text as array", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":[\"hello\"]}", 400, invalid, "text"),
                Case.json("unknown field", "{\"userId\":\"u1\"," + VALID_TAIL + ",\"messageID\":\"m1\"}", 400, invalid, "messageID"),
                Case.json("text over the limit", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"" + "x".repeat(4097) + "\"}",
                        400, invalid, "text"),
                Case.json("blank text", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"   \"}", 400, invalid, "text"),
                Case.json("unpaired surrogate in text", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"a\\ud800b\"}",
                        400, invalid, "text"),
                Case.json("userId with a colon", "{\"userId\":\"a:b\"," + VALID_TAIL + "}", 400, invalid, "userId"),
                Case.json("userId with a space", "{\"userId\":\"a b\"," + VALID_TAIL + "}", 400, invalid, "userId"),
                Case.json("chatId too long", "{\"userId\":\"u1\",\"chatId\":\"" + "c".repeat(129) + "\",\"text\":\"hello\"}",
                        400, invalid, "chatId"),
                Case.json("empty botId", "{\"botId\":\"\",\"userId\":\"u1\"," + VALID_TAIL + "}", 400, invalid, "botId"),
                Case.json("messageId with a brace", "{\"userId\":\"u1\"," + VALID_TAIL + ",\"messageId\":\"{m1}\"}",
                        400, invalid, "messageId"),
                Case.json("unknown type", "{\"userId\":\"u1\"," + VALID_TAIL + ",\"type\":\"urgent\"}", 400, invalid, "type"),
                new Case("text/plain content type", "text/plain", "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8),
                        415, Problems.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
                new Case("missing content type", null, "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8),
                        415, Problems.UNSUPPORTED_MEDIA_TYPE, "Content-Type"),
                new Case("Latin-1 charset", "application/json; charset=ISO-8859-1",
                        "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8), 415, Problems.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type"),
                Case.json("body over 64 KiB", "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"" + "x".repeat(70_000) + "\"}",
                        413, Problems.BODY_TOO_LARGE, "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedRequestIsRejected(Case testCase) {
        HttpRequest.Builder request = fixture.request("/v1/messages")
                .POST(HttpRequest.BodyPublishers.ofByteArray(testCase.body()));
        if (testCase.contentType() != null) {
            request.header("Content-Type", testCase.contentType());
        }
        // The server answers 413 from the Content-Length and closes the connection; a client still
        // writing the body may then see a reset instead of the answer, so large bodies wait for 100.
        request.expectContinue(testCase.body().length > 60_000);

        HttpResponse<String> response = fixture.send(request);

        assertThat(response.statusCode()).isEqualTo(testCase.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(testCase.type());
        assertThat(problem.get("status").asInt()).isEqualTo(testCase.status());
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("errors").findValuesAsText("field")).contains(testCase.field());
        assertThat(response.body()).doesNotContain("Exception", "com.fasterxml", "dev.pacer", "java.", "\tat ");
        List<String> messages = new ArrayList<>(problem.get("errors").findValuesAsText("message"));
        messages.add(problem.get("detail").asText());
        for (String message : messages) {
            assertThat(message).doesNotContainIgnoringCase("jackson");
            assertThat(message).doesNotContain("Deserialization", "JsonNode", "com.", "java.", "`");
        }
        assertThat(fixture.storeIsEmpty()).isTrue();
    }

    @Test
    void secondValueGetsPlainDetail() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", "{\"userId\":\"s3\",\"chatId\":\"c\",\"text\":\"x\"}{\"a\":1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("detail").asText())
                .isEqualTo("the body contains more than one JSON value: send exactly one JSON object");
    }

    @Test
    void syntaxErrorDetailNamesLineAndColumn() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", "{\"userId\":\"s3\",\n\"chatId\":\"c\"} garbage");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("detail").asText())
                .isEqualTo("the body is not valid JSON at line 2, column 15: send one JSON object");
    }

    @Test
    void truncatedBodyDetailNamesWhereItEnds() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", "{\"userId\":\"s3\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("detail").asText())
                .isEqualTo("the body ends at line 1, column 15 before the JSON is complete: send the whole JSON object");
    }

    @Test
    void longNumberIsNotReportedAsNesting() {
        HttpResponse<String> response = fixture.postJson("/v1/messages",
                "{\"userId\":" + "1".repeat(1001) + "," + VALID_TAIL + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("detail").asText())
                .isEqualTo("the JSON has a number longer than 1000 digits: send a shorter number, or the id as a string");
    }

    @Test
    void deepNestingDetailNamesTheLimit() {
        HttpResponse<String> response = fixture.postJson("/v1/messages", "{\"x\":" + "[".repeat(20) + "]".repeat(20) + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(response).get("detail").asText())
                .isEqualTo("the JSON is nested deeper than 16 levels: send a flat JSON object");
    }

    private static byte[] invalidUtf8Body() {
        byte[] prefix = "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3; // a lead byte followed by an invalid continuation byte
        body[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
        return body;
    }
}
