package dev.pacer.benchmarks.system;

import dev.pacer.adapters.redis.RedisBenchSupport;
import dev.pacer.adapters.redis.RedisClients;
import dev.pacer.adapters.redis.RedisSettings;
import dev.pacer.adapters.redis.RedisStore;
import dev.pacer.application.port.Claim;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * Claim cost as the number of due conversations grows. Redis is filled with {@code due}
 * conversations of one message each, then one thread claims and times up to 100 of them at a
 * time and releases them again untimed, until {@code samples} claims were timed. Releasing keeps
 * the due count constant, so every measurement runs against the same backlog. Each figure is the median
 * of five such measurements, because one second of claims on a shared machine is noisy.
 */
public final class ClaimScenario {

    private static final int ROUND = 100;
    private static final Duration LEASE_TTL = Duration.ofSeconds(30);
    private static final int SEED_CHUNK = 5_000;
    private static final int REPETITIONS = 5;

    /**
     * @param batch the {@code max} passed to each claim call: 1 is what a busy dispatcher requests
     *     (one free worker), 16 the service's largest batch
     * @param claimsPerSecond conversations claimed per second of time spent inside claim calls
     */
    public record Result(int due, int batch, int claimed, double claimsPerSecond, double seedSeconds) {}

    private final PrivateRedis redis;

    public ClaimScenario(PrivateRedis redis) {
        this.redis = redis;
    }

    /** Fills an emptied Redis with {@code due} conversations, then measures each batch size in turn. */
    public List<Result> run(int due, List<Integer> batches, int samples) throws InterruptedException {
        redis.reset();
        RedisSettings settings = RedisSettings.defaults(redis.url());
        RedissonClient client = RedisClients.create(settings);
        try {
            long seedStarted = System.nanoTime();
            seed(client, settings, due);
            double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;

            List<Result> results = new ArrayList<>();
            try (RedisStore store = new RedisStore(client, settings)) {
                for (int batch : batches) {
                    measure(store, batch, Math.max(ROUND, samples / 5));
                    double[] rates = new double[REPETITIONS];
                    for (int i = 0; i < REPETITIONS; i++) {
                        rates[i] = samples / (measure(store, batch, samples) / 1e9);
                    }
                    java.util.Arrays.sort(rates);
                    results.add(new Result(due, batch, samples, rates[REPETITIONS / 2], seedSeconds));
                }
            }
            return results;
        } finally {
            client.shutdown();
        }
    }

    /** Returns the nanoseconds spent inside claim calls until {@code samples} conversations were claimed. */
    private static long measure(RedisStore store, int batch, int samples) {
        long inClaims = 0;
        int claimed = 0;
        List<Claim> leased = new ArrayList<>(ROUND);
        while (claimed < samples) {
            while (leased.size() < ROUND && claimed < samples) {
                int max = Math.min(batch, samples - claimed);
                long started = System.nanoTime();
                List<Claim> claims = store.queue().claim(max, LEASE_TTL);
                inClaims += System.nanoTime() - started;
                if (claims.isEmpty()) {
                    break;
                }
                leased.addAll(claims);
                claimed += claims.size();
            }
            if (leased.isEmpty()) {
                throw new IllegalStateException("nothing was due although the run seeded due conversations");
            }
            for (Claim claim : leased) {
                store.queue().release(claim.lease());
            }
            leased.clear();
        }
        return inClaims;
    }

    private static void seed(RedissonClient client, RedisSettings settings, int due) {
        Conversations set = new Conversations("due-", due, 1);
        for (int from = 0; from < due; from += 100_000) {
            List<Message> chunk = new ArrayList<>();
            for (int c = from; c < Math.min(due, from + 100_000); c++) {
                chunk.add(set.message(c, 0));
            }
            RedisBenchSupport.enqueuePipelined(client, settings, chunk, 100, SEED_CHUNK);
        }
    }
}
