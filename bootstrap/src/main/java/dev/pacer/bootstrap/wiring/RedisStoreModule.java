package dev.pacer.bootstrap.wiring;

import com.google.inject.AbstractModule;
import dev.pacer.adapters.redis.RedisClients;
import dev.pacer.adapters.redis.RedisSettings;
import dev.pacer.adapters.redis.RedisStore;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.StoreHealth;
import dev.pacer.bootstrap.config.PacerConfig;
import org.redisson.api.RedissonClient;

/** Binds every storage port to the Redis store on one Redisson client. */
final class RedisStoreModule extends AbstractModule {

    private final PacerConfig config;

    RedisStoreModule(PacerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        RedisSettings settings = RedisSettings.defaults(config.redisUrl().toString())
                .withShards(config.redisShards())
                .withHistoryLimit(config.historyTurns())
                .withDeadLetterLimit(config.deadLetterLimit());
        RedissonClient client = RedisClients.create(settings);
        RedisStore store = new RedisStore(client, settings);

        bind(ConversationQueue.class).toInstance(store.queue());
        bind(ConversationHistory.class).toInstance(store.history());
        bind(DeadLetterStore.class).toInstance(store.deadLetters());
        bind(StoreHealth.class).toInstance(store.health());
        bind(AutoCloseable.class).annotatedWith(StoreResource.class).toInstance(() -> {
            store.close();
            client.shutdown();
        });
    }
}
