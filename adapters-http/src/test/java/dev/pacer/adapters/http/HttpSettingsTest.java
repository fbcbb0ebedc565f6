package dev.pacer.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackHostNeedsNoKey(String host) {
        assertThat(HttpSettings.isLoopback(host)).isTrue();
        assertThat(HttpSettings.of(host, 8080, null).apiKey()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.5", "192.168.1.10", "pacer.internal", "localhost.example"})
    void remoteHostWithoutKeyIsRejected(String host) {
        assertThat(HttpSettings.isLoopback(host)).isFalse();
        assertThatThrownBy(() -> HttpSettings.of(host, 8080, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PACER_API_KEY")
                .hasMessageContaining(host);
    }

    @Test
    void remoteHostWithKeyIsAccepted() {
        HttpSettings settings = HttpSettings.of("0.0.0.0", 8080, "secret-key");

        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.maxBodyBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void staticCheckRejectsRemoteHostWithoutKey() {
        assertThatThrownBy(() -> HttpSettings.requireApiKeyUnlessLoopback("0.0.0.0", null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringHidesApiKey() {
        assertThat(HttpSettings.of("127.0.0.1", 8080, "secret-key").toString())
                .doesNotContain("secret-key")
                .contains("apiKey=set");
    }

    @Test
    void fourArgumentSettingsUseDefaultLimits() {
        HttpSettings settings = new HttpSettings("127.0.0.1", 8080, null, 1024);

        assertThat(settings.bodyReadTimeout()).isEqualTo(HttpSettings.DEFAULT_BODY_READ_TIMEOUT);
        assertThat(settings.maxConnections()).isEqualTo(HttpSettings.DEFAULT_MAX_CONNECTIONS);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void nonPositiveBodyReadTimeoutIsRejected(long millis) {
        assertThatThrownBy(() -> new HttpSettings("127.0.0.1", 8080, null, 1024, Duration.ofMillis(millis), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bodyReadTimeout");
    }

    @Test
    void zeroMaxConnectionsIsRejected() {
        assertThatThrownBy(() -> new HttpSettings("127.0.0.1", 8080, null, 1024, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
    }

    @Test
    void blankKeyIsRejected() {
        assertThatThrownBy(() -> HttpSettings.of("127.0.0.1", 8080, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
