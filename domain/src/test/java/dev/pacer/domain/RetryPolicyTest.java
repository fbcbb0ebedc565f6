package dev.pacer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final ReplyFailedException TIMEOUT = ReplyFailedException.retryable("timed out");

    @Test
    void backoffDoublesUpToCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(10), 0.0);
        SplittableRandom random = new SplittableRandom();

        assertThat(policy.backoffAfter(1, random)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(2, random)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(4, random)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoffAfter(5, random)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffAfter(1_000, random)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterOnlyShortensBackoff() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(4), Duration.ofSeconds(60), 0.5);
        SplittableRandom random = new SplittableRandom(3);

        for (int i = 0; i < 1_000; i++) {
            long millis = policy.backoffAfter(2, random).toMillis();
            assertThat(millis).isBetween(4_000L, 8_000L);
        }
    }

    @Test
    void retriesUntilMaxThenGivesUp() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.0);
        SplittableRandom random = new SplittableRandom();

        assertThat(policy.decide(1, TIMEOUT, random)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(policy.decide(3, TIMEOUT, random)).isInstanceOf(RetryDecision.Retry.class);
        assertThat(policy.decide(4, TIMEOUT, random))
                .isEqualTo(new RetryDecision.GiveUp(DeadLetterReason.RETRIES_EXHAUSTED));
    }

    @Test
    void permanentFailureGivesUpAtOnce() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.0);

        RetryDecision decision = policy.decide(1, ReplyFailedException.permanent("bad request"), new SplittableRandom());

        assertThat(decision).isEqualTo(new RetryDecision.GiveUp(DeadLetterReason.PERMANENT_FAILURE));
    }

    @Test
    void retryAfterHintRaisesBackoff() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.0);
        ReplyFailedException rateLimited = new ReplyFailedException(
                FailureKind.RETRYABLE, "rate limited", Duration.ofSeconds(30), null);

        RetryDecision decision = policy.decide(1, rateLimited, new SplittableRandom());

        assertThat(decision).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(30)));
    }

    @Test
    void retryAfterHintIsCappedAtMaxBackoff() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.0);
        ReplyFailedException askedForADay = new ReplyFailedException(
                FailureKind.RETRYABLE, "rate limited", Duration.ofDays(1), null);

        RetryDecision decision = policy.decide(1, askedForADay, new SplittableRandom());

        assertThat(decision).isEqualTo(new RetryDecision.Retry(Duration.ofSeconds(60)));
    }

    @Test
    void zeroRetriesDeadLettersFirstFailure() {
        RetryPolicy policy = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.0);

        assertThat(policy.decide(1, TIMEOUT, new SplittableRandom()))
                .isEqualTo(new RetryDecision.GiveUp(DeadLetterReason.RETRIES_EXHAUSTED));
    }
}
