package dev.pacer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Proves that the benchmarks still start and finish, at sizes that take seconds. Nothing here
 * checks a speed: on a busy two-core machine any timing would be noise. It checks that every
 * scenario produced its table and that the dispatch runs kept order, single flight and
 * completeness. BullMQ is left out so the build downloads nothing from npm.
 */
class BenchmarksSmokeTest {

    @Test
    void smokeRunProducesEveryTable(@TempDir Path work) throws Exception {
        WholeSystemRun.Options options = new WholeSystemRun.Options(
                BenchConfig.smokeRun(), work, null, null, null, "smoke test", Set.copyOf(WholeSystemRun.SCENARIOS));

        String table = new WholeSystemRun(options).run();

        assertThat(table).contains("### Baselines, same redis-server");
        assertThat(table).contains("### Enqueue through the Java port");
        assertThat(table).contains("### Enqueue through the HTTP API");
        assertThat(table).contains("### Dispatch at zero delay, offline generator");
        assertThat(table).contains("### Redis round trips per dispatched message");
        assertThat(table).contains("### Pacing lateness");
        assertThat(table).contains("### JVM memory with");
        assertThat(table).contains("### Claim cost as due conversations grow");
        assertThat(table).contains("### Startup repair");
        assertThat(table).contains("| 1 instance(s): order violations / overlaps / duplicates / missing | 0 / 0 / 0 / 0 |");
        assertThat(table).contains("| 2 instance(s): order violations / overlaps / duplicates / missing | 0 / 0 / 0 / 0 |");
    }

    @Test
    void jmhBenchmarksRunOnce() throws Exception {
        Options options = new OptionsBuilder()
                .include("dev\\.pacer\\..*Benchmark")
                .param("due", "100")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(5);
        assertThat(results).allSatisfy(result -> assertThat(result.getPrimaryResult().getSampleCount()).isPositive());
    }
}
