package dev.pacer.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIGTERM to the packaged service while a reply waits out its delay. */
class SigtermDuringDelayIT {

    private static final String SECRET = "sigterm-secret";

    @Test
    void sigtermDuringLongDelayLosesNothing() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startWithAppendOnlyFile();
                WebhookRecorder webhook = new WebhookRecorder(SECRET)) {
            Map<String, String> slow = env(redis, webhook, "60000");
            String messageId;

            try (PacerProcess first = PacerProcess.start(slow)) {
                PacerClient client = new PacerClient(first.port());
                assertThat(client.postJson(
                        "{\"userId\":\"u1\",\"chatId\":\"c1\",\"text\":\"hello\",\"messageId\":\"sigterm-1\"}").statusCode())
                        .isEqualTo(202);
                messageId = "sigterm-1";
                assertThat(webhook.await(event -> event.type().equals("typing"), 1, Duration.ofSeconds(20)))
                        .as("typing shows the reply is under way").isNotEmpty();

                int exitCode = first.terminate(Duration.ofSeconds(20));

                assertThat(exitCode).as("exit code after SIGTERM; log:%n%s", first.log()).isNotEqualTo(-1);
                assertThat(first.log()).contains("released on shutdown");
            }
            assertThat(webhook.replies()).as("no reply from the stopped instance").isEmpty();

            try (PacerProcess second = PacerProcess.start(env(redis, webhook, "200"))) {
                List<WebhookRecorder.Event> replies = webhook.await(
                        event -> event.type().equals("reply"), 1, Duration.ofSeconds(30));

                assertThat(replies).singleElement().satisfies(reply -> {
                    assertThat(reply.inReplyTo()).isEqualTo(messageId);
                    assertThat(reply.signatureValid()).isTrue();
                });
            }
        }
    }

    private static Map<String, String> env(RedisServerProcess redis, WebhookRecorder webhook, String delayMillis) {
        Map<String, String> env = new HashMap<>();
        env.put("PACER_STORE", "redis");
        env.put("PACER_REDIS_URL", redis.url());
        env.put("PACER_REDIS_SHARDS", "8");
        env.put("PACER_WEBHOOK_URL", webhook.url());
        env.put("PACER_WEBHOOK_SECRET", SECRET);
        env.put("PACER_DELAY_BASE_MS", delayMillis);
        env.put("PACER_DELAY_PER_CHAR_MS", "0");
        env.put("PACER_DELAY_JITTER_MS", "0");
        env.put("PACER_DELAY_MIN_MS", "0");
        env.put("PACER_DELAY_MAX_MS", "60000");
        env.put("PACER_TYPING_THRESHOLD_MS", "100");
        env.put("PACER_SHUTDOWN_GRACE_MS", "1000");
        return env;
    }
}
