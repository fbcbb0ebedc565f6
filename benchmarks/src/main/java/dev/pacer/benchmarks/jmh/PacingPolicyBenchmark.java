package dev.pacer.benchmarks.jmh;

import dev.pacer.domain.PacingPolicy;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The pacing rule that every reply runs once: the delay for a reply length, with jitter. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacingPolicyBenchmark {

    /** The service's default policy (README): 1000 ms + 30 ms per character, ±400 ms, within 800..12000 ms. */
    private final PacingPolicy policy = new PacingPolicy(Duration.ofMillis(1000), Duration.ofMillis(30),
            Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(12_000), Duration.ofMillis(1500),
            Duration.ofMillis(4000));
    private final SplittableRandom random = new SplittableRandom(42);
    private int length;

    @Benchmark
    public Duration delayFor() {
        length = (length + 37) & 511;
        return policy.delayFor(length, random);
    }

    @Benchmark
    public boolean showsTypingForExpectedDelay() {
        return policy.showsTyping(policy.expectedDelay());
    }
}
