package dev.pacer.bootstrap.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The distribution of a set of durations. Percentiles use the nearest-rank method: p50 is the
 * smallest sample that at least 50 % of the samples do not exceed. Every statistic is null when
 * there are no samples.
 */
record DelayStats(int count, Duration min, Duration p50, Duration p90, Duration p99, Duration max) {

    static DelayStats of(Collection<Duration> samples) {
        if (samples.isEmpty()) {
            return new DelayStats(0, null, null, null, null, null);
        }
        List<Duration> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        return new DelayStats(sorted.size(), sorted.getFirst(), percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted.getLast());
    }

    private static Duration percentile(List<Duration> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
