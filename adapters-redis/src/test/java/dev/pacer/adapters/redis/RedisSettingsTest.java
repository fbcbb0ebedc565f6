package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

class RedisSettingsTest {

    @Test
    void passwordIsHiddenInText() {
        RedisSettings settings = RedisSettings.defaults("redis://app:s3cret@127.0.0.1:6390/2");

        assertThat(settings.toString()).doesNotContain("s3cret").contains("redis://***@127.0.0.1:6390/2");
    }

    // Redisson 4.7.0 deprecates the credential getters. The setters that RedisClients calls are
    // not deprecated, so only this test uses the getters.
    @SuppressWarnings("deprecation")
    @Test
    void urlCredentialsAndDatabaseReachConfig() {
        Config config = RedisClients.config(RedisSettings.defaults("redis://app:p%40ss@127.0.0.1:6390/2"));

        assertThat(config.useSingleServer().getAddress()).isEqualTo("redis://127.0.0.1:6390");
        assertThat(config.useSingleServer().getUsername()).isEqualTo("app");
        assertThat(config.useSingleServer().getPassword()).isEqualTo("p@ss");
        assertThat(config.useSingleServer().getDatabase()).isEqualTo(2);
        assertThat(config.isUseScriptCache()).isTrue();
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatThrownBy(() -> RedisSettings.defaults("http://127.0.0.1:6390")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisSettings.defaults("redis://127.0.0.1:6390").withKeyPrefix("a:b"))
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> RedisSettings.defaults("redis://127.0.0.1:6390").withShards(0))
                .hasMessageContaining("shards");
    }

    @Test
    void deadLetterShareRoundsUp() {
        RedisSettings settings = RedisSettings.defaults("redis://127.0.0.1:6390").withShards(256).withDeadLetterLimit(10_000);

        assertThat(settings.deadLettersPerShard()).isEqualTo(40);
    }
}
