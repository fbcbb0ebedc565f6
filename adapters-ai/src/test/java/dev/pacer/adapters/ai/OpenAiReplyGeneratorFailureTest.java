package dev.pacer.adapters.ai;

import static dev.pacer.adapters.ai.TestMessages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pacer.adapters.ai.stub.StubAiServer;
import dev.pacer.domain.FailureKind;
import dev.pacer.domain.ReplyFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the generator classifies failed calls, against the stub server over real HTTP. */
class OpenAiReplyGeneratorFailureTest {

    private static final String API_KEY = OpenAiReplyGeneratorTest.API_KEY;

    private StubAiServer stub;
    private final List<OpenAiReplyGenerator> generators = new ArrayList<>();

    @BeforeEach
    void startStub() {
        stub = StubAiServer.start();
    }

    @AfterEach
    void stop() {
        generators.forEach(OpenAiReplyGenerator::close);
        stub.close();
    }

    @Test
    void rateLimitIsRetryableWithHint() {
        stub.failNext(1, 429, "7");

        ReplyFailedException failure = failureOf(generator(settings()));

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(failure.getMessage()).contains("HTTP 429").contains("Retry-After 7 s");
    }

    @Test
    void retryAfterDateIsMeasuredFromClock() {
        stub.failNext(1, 503, "Wed, 21 Oct 2015 07:28:00 GMT");
        Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);

        ReplyFailedException failure = failureOf(generator(new OpenAiReplyGenerator(settings(), clock)));

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void serverErrorIsRetryable(int status) {
        stub.failNext(1, status);

        ReplyFailedException failure = failureOf(generator(settings()));

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.retryAfter()).isEmpty();
        assertThat(failure.getMessage()).contains("HTTP " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 400, 401, 403, 404, 422})
    void clientErrorIsPermanent(int status) {
        stub.failNext(1, status, "30");

        ReplyFailedException failure = failureOf(generator(settings()));

        assertThat(failure.kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(failure.retryAfter()).isEmpty();
        assertThat(failure.getMessage()).contains("HTTP " + status).contains("Stub failure");
    }

    @Test
    void errorBodyIsTruncated() {
        stub.failNextWithBody(1, 400, "x".repeat(5000));

        ReplyFailedException failure = failureOf(generator(settings()));

        assertThat(failure.getMessage()).contains("(5000 characters)");
        assertThat(failure.getMessage()).hasSizeLessThan(ReplyFailures.SNIPPET_LENGTH + 200);
    }

    @Test
    void slowServerTimesOut() {
        stub.hangNext(1, Duration.ofSeconds(5));
        OpenAiReplyGenerator generator = generator(settings().withRequestTimeout(Duration.ofMillis(300)));
        long start = System.nanoTime();

        ReplyFailedException failure = failureOf(generator);

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.getMessage()).contains("did not reply within the request timeout of 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void stalledBodyTimesOut() {
        stub.stallBodyNext(1, Duration.ofSeconds(5));
        OpenAiReplyGenerator generator = generator(settings().withRequestTimeout(Duration.ofMillis(300)));
        long start = System.nanoTime();

        ReplyFailedException failure = failureOf(generator);

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.getMessage()).contains("did not reply within the request timeout of 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "",
        "[]",
        "{\"choices\":[]}",
        "{\"error\":{\"message\":\"overloaded\"}}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null}}]}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"  \\n \"}}]}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":42}}]}"
    })
    void malformedSuccessIsRetryable(String body) {
        stub.malformedNext(1, body);

        ReplyFailedException failure = failureOf(generator(settings()));

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.getMessage()).contains("returned no usable reply");
    }

    @Test
    void malformedMessageNamesProblem() {
        stub.malformedNext(1, "{\"choices\":[]}");

        ReplyFailedException failure = failureOf(generator(settings()));

        assertThat(failure.getMessage()).contains("the body has no choices").contains("{\"choices\":[]}");
    }

    @Test
    void refusedConnectionIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OpenAiSettings settings = OpenAiSettings.of("http://127.0.0.1:" + closedPort + "/v1", "test-model")
                .withApiKey(API_KEY);

        ReplyFailedException failure = failureOf(generator(settings));

        assertThat(failure.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.getMessage()).contains("could not connect to AI endpoint http://127.0.0.1:" + closedPort);
    }

    @Test
    void apiKeyNeverInFailureMessages() {
        stub.requireApiKey("sk-the-key-the-server-expects");
        OpenAiReplyGenerator wrongKey = generator(settings());
        ReplyFailedException unauthorized = failureOf(wrongKey);
        stub.requireApiKey(null);
        stub.failNextWithBody(1, 500, "{\"error\":\"upstream rejected key " + API_KEY + "\"}");
        ReplyFailedException serverError = failureOf(generator(settings()));
        stub.malformedNext(1, "{\"echo\":\"" + API_KEY + "\"}");
        ReplyFailedException malformed = failureOf(generator(settings()));

        assertThat(unauthorized.kind()).isEqualTo(FailureKind.PERMANENT);
        for (ReplyFailedException failure : List.of(unauthorized, serverError, malformed)) {
            assertThat(failure.getMessage()).doesNotContain(API_KEY).contains("***");
            assertThat(failure.toString()).doesNotContain(API_KEY);
        }
    }

    private OpenAiSettings settings() {
        return OpenAiSettings.of(stub.baseUrl(), "test-model")
                .withApiKey(API_KEY)
                .withRequestTimeout(Duration.ofSeconds(5))
                .withConnectTimeout(Duration.ofSeconds(2));
    }

    private OpenAiReplyGenerator generator(OpenAiSettings settings) {
        return generator(new OpenAiReplyGenerator(settings));
    }

    private OpenAiReplyGenerator generator(OpenAiReplyGenerator generator) {
        generators.add(generator);
        return generator;
    }

    private static ReplyFailedException failureOf(OpenAiReplyGenerator generator) {
        ReplyFailedException failure = catchThrowableOfType(
                ReplyFailedException.class, () -> generator.generate(aMessage("hello"), List.of()));
        assertThat(failure).as("generate should throw ReplyFailedException").isNotNull();
        return failure;
    }
}
