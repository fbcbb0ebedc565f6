package dev.pacer.bootstrap.wiring;

import com.google.inject.AbstractModule;
import dev.pacer.adapters.memory.InMemorySettings;
import dev.pacer.adapters.memory.InMemoryStore;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.StoreHealth;
import dev.pacer.bootstrap.config.PacerConfig;
import java.time.Clock;
import java.time.Duration;

/** Binds every storage port to one in-memory store: nothing survives a restart. */
final class MemoryStoreModule extends AbstractModule {

    private final PacerConfig config;

    MemoryStoreModule(PacerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        InMemorySettings settings = new InMemorySettings(
                Math.max(2, config.historyTurns()), config.deadLetterLimit(), Duration.ofHours(24));
        InMemoryStore store = new InMemoryStore(Clock.systemUTC(), settings);

        bind(ConversationQueue.class).toInstance(store);
        bind(ConversationHistory.class).toInstance(store);
        bind(DeadLetterStore.class).toInstance(store);
        bind(StoreHealth.class).toInstance(store);
        bind(AutoCloseable.class).annotatedWith(StoreResource.class).toInstance(() -> {});
    }
}
