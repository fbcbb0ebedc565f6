package dev.pacer.bootstrap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.bootstrap.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacerStartTest {

    @Test
    void unreachableRedisFailsWithFix() {
        Map<String, String> env = Map.of("PACER_REDIS_URL", "redis://127.0.0.1:1", "PACER_HTTP_PORT", "0");

        assertThatThrownBy(() -> Pacer.start(ConfigLoader.load(env), env))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("no Redis answers at redis://127.0.0.1:1")
                .hasMessageContaining("set PACER_STORE=memory");
    }
}
