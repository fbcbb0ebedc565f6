package dev.pacer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PacingPolicyTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void delayFollowsBasePlusPerCharacter() {
        PacingPolicy policy = new PacingPolicy(ms(800), ms(30), ms(0), ms(0), ms(10_000), ms(2_000), ms(4_000));

        assertThat(policy.delayFor(0, new SplittableRandom())).isEqualTo(ms(800));
        assertThat(policy.delayFor(100, new SplittableRandom())).isEqualTo(ms(3_800));
    }

    @Test
    void delayIsClampedToBounds() {
        PacingPolicy policy = new PacingPolicy(ms(100), ms(50), ms(0), ms(500), ms(2_000), ms(2_000), ms(4_000));

        assertThat(policy.delayFor(1, new SplittableRandom())).isEqualTo(ms(500));
        assertThat(policy.delayFor(1_000, new SplittableRandom())).isEqualTo(ms(2_000));
    }

    @Test
    void delayStaysWithinJitterAndBoundsForRandomPolicies() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            long base = random.nextLong(0, 5_000);
            long perChar = random.nextLong(0, 100);
            long jitter = random.nextLong(0, 2_000);
            long min = random.nextLong(0, 3_000);
            long max = min + random.nextLong(0, 20_000);
            int length = random.nextInt(0, 2_000);
            PacingPolicy policy = new PacingPolicy(ms(base), ms(perChar), ms(jitter), ms(min), ms(max), ms(1), ms(1));

            long delay = policy.delayFor(length, random).toMillis();

            long exact = base + perChar * length;
            assertThat(delay).isBetween(min, max);
            assertThat(delay).isBetween(Math.clamp(exact - jitter, min, max), Math.clamp(exact + jitter, min, max));
        }
    }

    @Test
    void jitterSpreadsBothWays() {
        PacingPolicy policy = new PacingPolicy(ms(1_000), ms(0), ms(200), ms(0), ms(5_000), ms(2_000), ms(4_000));
        SplittableRandom random = new SplittableRandom(1);
        Set<Long> seen = new HashSet<>();
        long lowest = Long.MAX_VALUE;
        long highest = 0;

        for (int i = 0; i < 2_000; i++) {
            long delay = policy.delayFor(10, random).toMillis();
            seen.add(delay);
            lowest = Math.min(lowest, delay);
            highest = Math.max(highest, delay);
        }

        assertThat(seen).hasSizeGreaterThan(100);
        assertThat(lowest).isLessThan(850);
        assertThat(highest).isGreaterThan(1_150);
    }

    @Test
    void typingThresholdIsInclusive() {
        PacingPolicy policy = new PacingPolicy(ms(1_000), ms(0), ms(0), ms(0), ms(5_000), ms(2_000), ms(4_000));

        assertThat(policy.showsTyping(ms(1_999))).isFalse();
        assertThat(policy.showsTyping(ms(2_000))).isTrue();
    }

    @Test
    void expectedDelayIgnoresJitterAndLength() {
        PacingPolicy policy = new PacingPolicy(ms(300), ms(40), ms(900), ms(500), ms(5_000), ms(2_000), ms(4_000));

        assertThat(policy.expectedDelay()).isEqualTo(ms(500));
    }

    @Test
    void minAboveMaxIsRejected() {
        assertThatThrownBy(() -> new PacingPolicy(ms(0), ms(0), ms(0), ms(10), ms(5), ms(0), ms(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min delay");
    }

    @Test
    void negativeDurationIsRejected() {
        assertThatThrownBy(() -> new PacingPolicy(ms(-1), ms(0), ms(0), ms(0), ms(5), ms(0), ms(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base");
    }
}
