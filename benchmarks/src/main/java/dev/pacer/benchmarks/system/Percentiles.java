package dev.pacer.benchmarks.system;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples, in the samples' unit. */
public record Percentiles(int count, long p50, long p99, long max, long min) {

    public static Percentiles of(long[] samples) {
        if (samples.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1], sorted[0]);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }
}
