package dev.pacer.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void defaultsDescribeWorkingLocalService() {
        PacerConfig config = ConfigLoader.load(Map.of());

        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.store()).isEqualTo(StoreKind.REDIS_OR_MEMORY);
        assertThat(config.redisUrl()).hasToString("redis://127.0.0.1:6379");
        assertThat(config.role()).isEqualTo(Role.ALL);
        assertThat(config.workers()).isEqualTo(64);
        assertThat(config.usesAi()).isFalse();
        assertThat(config.retry().maxRetries()).isEqualTo(3);
        assertThat(config.retry().base()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.leaseTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.pacing().min()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void explicitRedisUrlMeansRedisOnly() {
        PacerConfig config = ConfigLoader.load(Map.of("PACER_REDIS_URL", "redis://10.0.0.5:6380"));

        assertThat(config.store()).isEqualTo(StoreKind.REDIS);
    }

    @Test
    void storeIsParsed() {
        assertThat(ConfigLoader.load(Map.of("PACER_STORE", "memory")).store()).isEqualTo(StoreKind.MEMORY);
        assertThat(ConfigLoader.load(Map.of("PACER_STORE", "Redis")).store()).isEqualTo(StoreKind.REDIS);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = Map.of(
                "PACER_HTTP_PORT", "eighty",
                "PACER_WORKERS", "0",
                "PACER_ROLE", "worker",
                "PACER_REDIS_URL", "http://127.0.0.1:6379",
                "PACER_DELAY_MIN_MS", "5000",
                "PACER_DELAY_MAX_MS", "1000");

        assertThatThrownBy(() -> ConfigLoader.load(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5))
                .hasMessageContaining("PACER_HTTP_PORT=eighty is not a whole number")
                .hasMessageContaining("PACER_WORKERS=0 is out of range")
                .hasMessageContaining("PACER_ROLE=worker is not supported: use all, api or dispatcher")
                .hasMessageContaining("PACER_REDIS_URL=http://127.0.0.1:6379 is not a valid URL")
                .hasMessageContaining("PACER_DELAY_MIN_MS=5000 is greater than PACER_DELAY_MAX_MS=1000");
    }

    @Test
    void publicHostWithoutApiKeyIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PACER_HTTP_HOST", "0.0.0.0")))
                .hasMessageContaining("PACER_API_KEY is unset while PACER_HTTP_HOST=0.0.0.0");

        PacerConfig withKey = ConfigLoader.load(Map.of("PACER_HTTP_HOST", "0.0.0.0", "PACER_API_KEY", "s3cret"));
        assertThat(withKey.apiKey()).isEqualTo("s3cret");
    }

    @Test
    void dispatcherWithoutWebhookIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PACER_ROLE", "dispatcher")))
                .hasMessageContaining("PACER_ROLE=dispatcher needs PACER_WEBHOOK_URL");

        PacerConfig config = ConfigLoader.load(
                Map.of("PACER_ROLE", "dispatcher", "PACER_WEBHOOK_URL", "http://127.0.0.1:9000/hook"));
        assertThat(config.role()).isEqualTo(Role.DISPATCHER);
    }

    @Test
    void leaseShorterThanAiTimeoutIsRejected() {
        Map<String, String> env = Map.of(
                "PACER_AI_BASE_URL", "http://127.0.0.1:11434/v1",
                "PACER_AI_TIMEOUT_MS", "20000",
                "PACER_LEASE_TTL_MS", "5000");

        assertThatThrownBy(() -> ConfigLoader.load(env))
                .hasMessageContaining("PACER_LEASE_TTL_MS=5000 is shorter than PACER_AI_TIMEOUT_MS=20000");
    }

    @Test
    void unknownLogLevelIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PACER_LOG_LEVEL", "verbose")))
                .hasMessageContaining("PACER_LOG_LEVEL=verbose is not a log level");
        assertThat(ConfigLoader.load(Map.of("PACER_LOG_LEVEL", "debug"))).isNotNull();
    }

    @Test
    void urlWithoutSchemeGetsExample() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PACER_REDIS_URL", "127.0.0.1:6379")))
                .hasMessageContaining("PACER_REDIS_URL=127.0.0.1:6379 is not a valid URL: use redis://host:port or rediss://host:port");
    }

    @Test
    void redisPasswordIsNotEchoedInErrors() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PACER_REDIS_URL", "tcp://:hunter2@127.0.0.1")))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("value hidden");
    }

    @Test
    void unknownVariablesAreListed() {
        Map<String, String> env = Map.of("PACER_WORKER", "8", "PACER_WORKERS", "8", "PATH", "/bin");

        assertThat(ConfigLoader.unknownVariables(env)).containsExactly("PACER_WORKER");
    }

    @Test
    void helpListsEverySettingWithDefault() {
        String help = HelpText.render();

        for (Setting setting : Setting.values()) {
            assertThat(help).contains(setting.variable());
        }
        assertThat(help).contains("default: 30000");
    }
}
