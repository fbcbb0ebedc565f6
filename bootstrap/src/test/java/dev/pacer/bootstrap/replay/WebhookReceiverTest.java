package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    private static final String SECRET = "s3cret";
    private static final String REPLY = """
            {"type":"reply","botId":"replay","userId":"alice","chatId":"alice","text":"hi",\
            "inReplyTo":["t-r1"],"at":"2020-06-02T00:00:00Z"}""";
    private static final String TYPING = """
            {"type":"typing","botId":"replay","userId":"alice","chatId":"alice","inReplyTo":["t-r1"],\
            "at":"2020-06-02T00:00:00Z"}""";

    private final HttpClient client = HttpClient.newHttpClient();
    private EventLog log;
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        log = new EventLog(new RunClock());
        receiver = start(SECRET);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
        client.close();
    }

    private WebhookReceiver start(String secret) throws Exception {
        WebhookReceiver started = new WebhookReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                secret, new ObjectMapper(), log);
        started.start(new LinkedHashSet<>(List.of("alice")));
        return started;
    }

    private int post(WebhookReceiver target, String body, String signature, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(target))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Pacer-Signature", signature);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static URI url(WebhookReceiver target) {
        return URI.create("http://127.0.0.1:" + target.boundAddress().getPort() + "/webhook");
    }

    private static String sign(String body) {
        return "sha256=" + WebhookReceiver.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signedDeliveryIsRecorded() throws Exception {
        int status = post(receiver, REPLY, sign(REPLY), "t-r1");

        assertThat(status).isEqualTo(204);
        assertThat(log.snapshot()).singleElement().satisfies(observed -> {
            assertThat(observed.event().type()).isEqualTo("reply");
            assertThat(observed.event().chatId()).isEqualTo("alice");
            assertThat(observed.event().inReplyTo()).containsExactly("t-r1");
        });
    }

    @Test
    void signatureIsKnownHmacSha256() {
        // HMAC-SHA256 of "The quick brown fox jumps over the lazy dog" with the key "key", as Python's
        // hmac module computes it.
        String signature = WebhookReceiver.sign("key".getBytes(StandardCharsets.UTF_8),
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void upperCaseHexSignatureIsAccepted() throws Exception {
        String signature = "sha256=" + sign(REPLY).substring("sha256=".length()).toUpperCase(Locale.ROOT);

        assertThat(post(receiver, REPLY, signature, "t-r1")).isEqualTo(204);
    }

    @Test
    void wrongOrMissingSignatureIsRejected() throws Exception {
        String tampered = REPLY.replace("\"hi\"", "\"ho\"");

        assertThat(post(receiver, tampered, sign(REPLY), "t-r1")).isEqualTo(401);
        assertThat(post(receiver, REPLY, null, "t-r1")).isEqualTo(401);
        assertThat(post(receiver, REPLY, sign(REPLY).replace("sha256=", "sha1="), "t-r1")).isEqualTo(401);
        assertThat(log.snapshot()).isEmpty();
        assertThat(receiver.stats().invalidSignatures()).isEqualTo(3);
    }

    @Test
    void repeatedIdempotencyKeyIsDropped() throws Exception {
        assertThat(post(receiver, REPLY, sign(REPLY), "t-r1")).isEqualTo(204);
        assertThat(post(receiver, REPLY, sign(REPLY), "t-r1")).isEqualTo(200);

        assertThat(log.snapshot()).hasSize(1);
        assertThat(receiver.stats().repeatedDeliveries()).isEqualTo(1);
    }

    @Test
    void sameKeyOtherTypeRecorded() throws Exception {
        post(receiver, TYPING, sign(TYPING), "t-r1");
        post(receiver, REPLY, sign(REPLY), "t-r1");

        assertThat(log.snapshot()).extracting(observed -> observed.event().type()).containsExactly("typing", "reply");
        assertThat(receiver.stats().repeatedDeliveries()).isZero();
    }

    @Test
    void deliveriesWithoutKeyAreNotDeduplicated() throws Exception {
        post(receiver, REPLY, sign(REPLY), null);
        post(receiver, REPLY, sign(REPLY), null);

        assertThat(log.snapshot()).hasSize(2);
    }

    @Test
    void malformedBodyIsRejected() throws Exception {
        String notJson = "{not json";
        String noIds = "{\"type\":\"reply\",\"inReplyTo\":[]}";

        assertThat(post(receiver, notJson, sign(notJson), null)).isEqualTo(400);
        assertThat(post(receiver, noIds, sign(noIds), null)).isEqualTo(400);
        assertThat(receiver.stats().malformedEvents()).isEqualTo(2);
        assertThat(log.snapshot()).isEmpty();
    }

    @Test
    void otherEventTypesAreIgnored() throws Exception {
        String other = "{\"type\":\"read\",\"inReplyTo\":[\"t-r1\"]}";

        assertThat(post(receiver, other, sign(other), null)).isEqualTo(204);
        assertThat(receiver.stats().ignoredEvents()).isEqualTo(1);
        assertThat(log.snapshot()).isEmpty();
    }

    @Test
    void getIsMethodNotAllowed() throws Exception {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url(receiver)).GET().build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void receiverWithoutSecretAcceptsUnsignedDeliveries() throws Exception {
        try (WebhookReceiver unsigned = start(null)) {
            assertThat(post(unsigned, REPLY, null, "t-r1")).isEqualTo(204);
        }
        assertThat(log.snapshot()).hasSize(1);
    }

    @Test
    void occupiedAddressFailsToStart() {
        InetSocketAddress occupied = receiver.boundAddress();
        WebhookReceiver second = new WebhookReceiver(occupied, null, new ObjectMapper(), log);

        try {
            assertThatThrownBy(() -> second.start(new LinkedHashSet<>()))
                    .isInstanceOf(ReplayFailedException.class)
                    .hasMessageContaining("cannot listen on");
        } finally {
            second.close();
        }
    }
}
