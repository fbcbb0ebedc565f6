package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.adapters.http.WebhookReceiver.ScriptedResponse;
import dev.pacer.adapters.http.WebhookReceiver.Received;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.FailureKind;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookChatGatewayTest {

    private static final String SECRET = "webhook-secret-91c2";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final WebhookChatGateway gateway = gateway(receiver.url(), SECRET);

    @AfterEach
    void stop() {
        gateway.close();
        receiver.close();
    }

    @Test
    void replyIsSignedAndCarriesHeaders() throws Exception {
        gateway.send(Reply.to(message("m1"), "hi there"));

        Received request = receiver.received().getFirst();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isEqualTo("m1");
        assertThat(request.header("X-Pacer-Signature")).isEqualTo("sha256=" + hmacHex(SECRET, request.body()));
        assertThat(WebhookSignature.verify(SECRET, request.body(), request.header("X-Pacer-Signature"))).isTrue();

        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("type").asText()).isEqualTo("reply");
        assertThat(body.get("botId").asText()).isEqualTo("b1");
        assertThat(body.get("userId").asText()).isEqualTo("u1");
        assertThat(body.get("chatId").asText()).isEqualTo("c1");
        assertThat(body.get("text").asText()).isEqualTo("hi there");
        assertThat(body.get("inReplyTo")).hasSize(1);
        assertThat(body.get("inReplyTo").get(0).asText()).isEqualTo("m1");
        assertThat(body.get("at").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void typingHasNoTextAndAUniqueKey() throws Exception {
        gateway.showTyping(message("m1"));
        gateway.showTyping(message("m1"));

        List<Received> requests = receiver.received();
        assertThat(requests).hasSize(2);
        JsonNode body = new ObjectMapper().readTree(requests.get(0).body());
        assertThat(body.get("type").asText()).isEqualTo("typing");
        assertThat(body.has("text")).isFalse();
        assertThat(body.get("inReplyTo").get(0).asText()).isEqualTo("m1");
        assertThat(requests.get(0).header("Idempotency-Key"))
                .isNotEqualTo("m1")
                .isNotEqualTo(requests.get(1).header("Idempotency-Key"));
        assertThat(requests.get(0).header("X-Pacer-Signature")).isEqualTo("sha256=" + hmacHex(SECRET, requests.get(0).body()));
    }

    @Test
    void serverErrorIsRetriedUntilSuccess() throws Exception {
        receiver.respondWith(ScriptedResponse.status(500), ScriptedResponse.status(503));

        gateway.send(Reply.to(message("m1"), "hi"));

        List<Received> requests = receiver.received();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(request -> request.header("Idempotency-Key")).containsOnly("m1");
        assertThat(requests.get(2).body()).isEqualTo(requests.get(0).body());
    }

    @Test
    void persistentServerErrorIsRetryable() {
        receiver.respondWith(ScriptedResponse.status(500), ScriptedResponse.status(502), ScriptedResponse.status(500));

        assertThatThrownBy(() -> gateway.send(Reply.to(message("m1"), "hi")))
                .isInstanceOfSatisfying(ReplyFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE));
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void clientErrorIsPermanentAtOnce() {
        receiver.respondWith(ScriptedResponse.status(400));

        assertThatThrownBy(() -> gateway.send(Reply.to(message("m1"), "hi")))
                .isInstanceOfSatisfying(ReplyFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT));
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void requestTimeoutStatusIsRetried() throws Exception {
        receiver.respondWith(ScriptedResponse.status(408));

        gateway.send(Reply.to(message("m1"), "hi"));

        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void longRetryAfterEndsAttempts() {
        receiver.respondWith(new ScriptedResponse(429, Map.of("Retry-After", "120"), 0));

        assertThatThrownBy(() -> gateway.send(Reply.to(message("m1"), "hi")))
                .isInstanceOfSatisfying(ReplyFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(120));
                });
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void slowReceiverTimesOutAsRetryable() {
        receiver.respondWith(new ScriptedResponse(200, Map.of(), 1_000), new ScriptedResponse(200, Map.of(), 1_000), new ScriptedResponse(200, Map.of(), 1_000));

        assertThatThrownBy(() -> gateway.send(Reply.to(message("m1"), "hi")))
                .isInstanceOfSatisfying(ReplyFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
                    assertThat(e.getMessage()).contains("timed out");
                });
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void refusedConnectionIsRetryable() throws Exception {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }

        try (WebhookChatGateway unreachable = gateway(closedPort, SECRET)) {
            assertThatThrownBy(() -> unreachable.send(Reply.to(message("m1"), "hi")))
                    .isInstanceOfSatisfying(ReplyFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
                        assertThat(e.getMessage()).contains("could not be reached");
                    });
        }
    }

    @Test
    void typingFailureIsNotRetried() {
        receiver.respondWith(ScriptedResponse.status(500));

        assertThatThrownBy(() -> gateway.showTyping(message("m1"))).isInstanceOf(ReplyFailedException.class);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void withoutSecretNoSignatureIsSent() throws Exception {
        try (WebhookChatGateway unsigned = gateway(receiver.url(), null)) {
            unsigned.send(Reply.to(message("m1"), "hi"));
        }

        assertThat(receiver.received().getFirst().header("X-Pacer-Signature")).isNull();
    }

    @Test
    void errorsAndSettingsHideSecretAndQuery() {
        receiver.respondWith(ScriptedResponse.status(400));
        WebhookSettings settings = new WebhookSettings(receiver.url(), SECRET, Duration.ofSeconds(1), 3, Duration.ofMillis(10));

        assertThat(settings.toString()).doesNotContain(SECRET, "query-secret");
        assertThatThrownBy(() -> gateway.send(Reply.to(message("m1"), "hi")))
                .hasMessageNotContaining("query-secret")
                .hasMessageNotContaining(SECRET);
    }

    private static WebhookChatGateway gateway(URI url, String secret) {
        WebhookSettings settings = new WebhookSettings(url, secret, Duration.ofMillis(500), 3, Duration.ofMillis(10));
        return new WebhookChatGateway(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Message message(String id) {
        return new Message(id, ConversationKey.of("b1", "u1"), "c1", "hello", MessageType.REGULAR, NOW, 0);
    }

    private static String hmacHex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
