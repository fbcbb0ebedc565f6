package dev.pacer.adapters.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class AuthStyleTest {

    @Test
    void parsesConfigurationNames() {
        assertThat(AuthStyle.parse("bearer")).isEqualTo(AuthStyle.BEARER);
        assertThat(AuthStyle.parse(" API-KEY ")).isEqualTo(AuthStyle.API_KEY_HEADER);
    }

    @Test
    void missingValueMeansBearer() {
        assertThat(AuthStyle.parse(null)).isEqualTo(AuthStyle.BEARER);
        assertThat(AuthStyle.parse("")).isEqualTo(AuthStyle.BEARER);
    }

    @Test
    void unknownValueIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AuthStyle.parse("basic"))
                .withMessageContaining("basic");
    }
}
