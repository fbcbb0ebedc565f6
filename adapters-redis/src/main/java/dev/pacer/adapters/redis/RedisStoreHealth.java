package dev.pacer.adapters.redis;

import dev.pacer.application.port.StoreHealth;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** Checks that Redis replies to a cheap read within the command timeout. */
public final class RedisStoreHealth implements StoreHealth {

    private final RedissonClient client;
    private final RedisKeys keys;
    private final long timeoutMillis;

    RedisStoreHealth(RedissonClient client, RedisKeys keys, long timeoutMillis) {
        this.client = client;
        this.keys = keys;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends EXISTS on a fixed key and waits at most the command timeout; never throws. */
    @Override
    public boolean isAvailable() {
        try {
            client.getBucket(keys.healthKey(), StringCodec.INSTANCE)
                    .isExistsAsync()
                    .toCompletableFuture()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
