package dev.pacer.benchmarks.system;

import dev.pacer.adapters.redis.RedisBenchSupport;
import dev.pacer.adapters.redis.RedisClients;
import dev.pacer.adapters.redis.RedisSettings;
import dev.pacer.adapters.redis.RedisStore;
import dev.pacer.application.RepairQueues;
import dev.pacer.benchmarks.infra.PrivateRedis;
import dev.pacer.domain.Message;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * Startup repair with many conversations holding queued messages: once with the schedule lost
 * (every conversation has to be made due again) and once right after, when all of them are
 * already due and the repair only scans.
 */
public final class RepairScenario {

    /**
     * @param repairedLost conversations the first repair made due, which should be all of them
     * @param lostSeconds time of the repair after the due sets were deleted
     * @param scanSeconds time of the repair that followed, with nothing left to repair
     */
    public record Result(int conversations, int repairedLost, double lostSeconds, int repairedScan, double scanSeconds) {}

    private final PrivateRedis redis;

    public RepairScenario(PrivateRedis redis) {
        this.redis = redis;
    }

    public Result run(int conversations) {
        redis.reset();
        RedisSettings settings = RedisSettings.defaults(redis.url());
        RedissonClient client = RedisClients.create(settings);
        try {
            Conversations set = new Conversations("lost-", conversations, 1);
            List<Message> messages = new ArrayList<>(conversations);
            for (int c = 0; c < conversations; c++) {
                messages.add(set.message(c, 0));
            }
            RedisBenchSupport.enqueuePipelined(client, settings, messages, 100, 5_000);
            RedisBenchSupport.dropSchedule(client, settings);

            try (RedisStore store = new RedisStore(client, settings)) {
                RepairQueues repair = new RepairQueues(store.queue());
                long started = System.nanoTime();
                int repaired = repair.run();
                double lostSeconds = (System.nanoTime() - started) / 1e9;

                started = System.nanoTime();
                int rescanned = repair.run();
                double scanSeconds = (System.nanoTime() - started) / 1e9;
                return new Result(conversations, repaired, lostSeconds, rescanned, scanSeconds);
            }
        } finally {
            client.shutdown();
        }
    }
}
