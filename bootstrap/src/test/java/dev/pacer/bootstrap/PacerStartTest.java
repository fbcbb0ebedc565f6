package dev.pacer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.bootstrap.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacerStartTest {

    @Test
    void unreachableRedisFailsWithFix() {
        Map<String, String> env = Map.of("PACER_REDIS_URL", "redis://127.0.0.1:1", "PACER_HTTP_PORT", "0");

        assertThatThrownBy(() -> Pacer.start(ConfigLoader.load(env), env))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("no Redis responds at redis://127.0.0.1:1")
                .hasMessageContaining("set PACER_STORE=memory");
    }

    @Test
    void dispatcherServesOnlyHealthAndMetrics() throws Exception {
        Map<String, String> env = Map.of(
                "PACER_STORE", "memory",
                "PACER_ROLE", "dispatcher",
                "PACER_WEBHOOK_URL", "http://127.0.0.1:9/hook",
                "PACER_HTTP_PORT", "0");

        try (Pacer pacer = Pacer.start(ConfigLoader.load(env), env)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + pacer.httpPort();

            HttpResponse<String> ready = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> enqueue = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"chatId\":\"c\",\"text\":\"t\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("pacer_replies_sent_total");
            assertThat(enqueue.statusCode()).isEqualTo(404);
            assertThat(enqueue.body()).contains("runs only the dispatcher");
        }
    }
}
