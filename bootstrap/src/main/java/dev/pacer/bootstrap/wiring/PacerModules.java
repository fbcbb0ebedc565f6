package dev.pacer.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.pacer.bootstrap.config.PacerConfig;
import dev.pacer.bootstrap.config.StoreKind;
import java.util.List;

/** The whole object graph of one Pacer process, chosen by its configuration. */
public final class PacerModules {

    private PacerModules() {}

    /**
     * Returns the modules for {@code config}.
     *
     * @param store the store to use, already resolved from {@link StoreKind#REDIS_OR_MEMORY}
     */
    public static List<Module> forConfig(PacerConfig config, StoreKind store) {
        Module storeModule = store == StoreKind.MEMORY ? new MemoryStoreModule(config) : new RedisStoreModule(config);
        Module strict = new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
            }
        };
        return List.of(strict, new CoreModule(config), storeModule, new AiModule(config), new HttpModule(config));
    }
}
