package dev.pacer.bootstrap.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DelayStatsTest {

    @Test
    void percentilesUseNearestRank() {
        List<Duration> samples = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList());
        Collections.shuffle(samples, new Random(3));

        DelayStats stats = DelayStats.of(samples);

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.min()).isEqualTo(Duration.ofMillis(1));
        assertThat(stats.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(stats.p90()).isEqualTo(Duration.ofMillis(90));
        assertThat(stats.p99()).isEqualTo(Duration.ofMillis(99));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void smallSampleRoundsRankUp() {
        DelayStats stats = DelayStats.of(List.of(Duration.ofMillis(30), Duration.ofMillis(10), Duration.ofMillis(20)));

        assertThat(stats.p50()).isEqualTo(Duration.ofMillis(20));
        assertThat(stats.p90()).isEqualTo(Duration.ofMillis(30));
        assertThat(stats.p99()).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void singleSampleIsEveryStatistic() {
        DelayStats stats = DelayStats.of(List.of(Duration.ofMillis(7)));

        assertThat(stats.min()).isEqualTo(Duration.ofMillis(7));
        assertThat(stats.p50()).isEqualTo(Duration.ofMillis(7));
        assertThat(stats.max()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void noSamplesGiveNulls() {
        DelayStats stats = DelayStats.of(List.of());

        assertThat(stats.count()).isZero();
        assertThat(stats.min()).isNull();
        assertThat(stats.p50()).isNull();
        assertThat(stats.max()).isNull();
    }
}
