package dev.pacer.adapters.redis;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.contract.DeadLetterStoreContract;
import dev.pacer.application.contract.StorePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;

/**
 * The dead-letter contract on one shard. The cap is enforced per shard ({@code ceil(limit /
 * shards)} each), so only with one shard is the contract's exact total limit the store's.
 */
class RedisDeadLetterStoreTest extends DeadLetterStoreContract {

    private static RedisServerProcess server;
    private static RedissonClient client;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
        client = RedisClients.create(RedisStorePorts.settings(server, 1));
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        server.close();
    }

    @Override
    protected StorePorts createStore() {
        return new RedisStorePorts(server, client, RedisStorePorts.settings(server, 1));
    }
}
