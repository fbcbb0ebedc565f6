package dev.pacer.adapters.redis;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.contract.ConversationHistoryContract;
import dev.pacer.application.contract.StorePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;

class RedisConversationHistoryTest extends ConversationHistoryContract {

    private static RedisServerProcess server;
    private static RedissonClient client;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
        client = RedisClients.create(RedisStorePorts.settings(server, 16));
    }

    @AfterAll
    static void stopRedis() {
        client.shutdown();
        server.close();
    }

    @Override
    protected StorePorts createStore() {
        return new RedisStorePorts(server, client, RedisStorePorts.settings(server, 16));
    }
}
