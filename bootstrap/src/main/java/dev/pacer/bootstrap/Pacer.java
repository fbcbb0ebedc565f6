package dev.pacer.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import dev.pacer.adapters.http.HttpApi;
import dev.pacer.application.DispatcherLoop;
import dev.pacer.application.RepairQueues;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.QueueCounts;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.bootstrap.config.PacerConfig;
import dev.pacer.bootstrap.config.Setting;
import dev.pacer.bootstrap.config.StoreKind;
import dev.pacer.bootstrap.wiring.Operations;
import dev.pacer.bootstrap.wiring.PacerModules;
import dev.pacer.bootstrap.wiring.StoreResource;
import java.net.URI;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Pacer process: the HTTP API and the dispatcher, as its role requires, over the chosen
 * store. Built by {@link #start}, stopped by {@link #stop} in the order that loses nothing.
 */
public final class Pacer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    private static final int PROBE_TIMEOUT_MILLIS = 500;

    private final PacerConfig config;
    private final Injector injector;
    private final HttpApi api;
    private final DispatcherLoop dispatcher;
    private final StoreKind store;
    private boolean stopped;

    private Pacer(PacerConfig config, Injector injector, HttpApi api, DispatcherLoop dispatcher, StoreKind store) {
        this.config = config;
        this.store = store;
        this.injector = injector;
        this.api = api;
        this.dispatcher = dispatcher;
    }

    /**
     * Builds the object graph and starts what the configured role runs.
     *
     * @throws StartupException when a Redis store was chosen and no Redis responds at its URL
     */
    public static Pacer start(PacerConfig config, Map<String, String> env) {
        StoreKind store = resolveStore(config);
        logEffectiveConfig(config, env, store);
        warnAboutLostReplies(config, env, store);

        // DEVELOPMENT builds singletons on first use, so an API-only instance never creates the
        // dispatcher or the reply generator. A missing binding still fails here, at startup.
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, PacerModules.forConfig(config, store));

        DispatcherLoop dispatcher = null;
        if (config.role().dispatches()) {
            injector.getInstance(RepairQueues.class).run();
            dispatcher = injector.getInstance(DispatcherLoop.class);
            dispatcher.start();
        }
        HttpApi api = config.role().servesApi()
                ? injector.getInstance(HttpApi.class).start()
                : injector.getInstance(Key.get(HttpApi.class, Operations.class)).start();
        log.info("Pacer started: role={} store={}", config.role().name().toLowerCase(), store.name().toLowerCase());
        return new Pacer(config, injector, api, dispatcher, store);
    }

    /** Returns the port of the HTTP server: the whole API, or only health and metrics for a dispatcher. */
    public int httpPort() {
        return api.port();
    }

    /**
     * Stops the API, lets running replies finish within the shutdown grace, releases the leases
     * of the rest with their messages still queued, and closes the store.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("Pacer stopping: grace {} ms", config.shutdownGrace().toMillis());

        // The dispatcher stops first, so replies still in progress reach the event streams and
        // the webhook before the API closes them.
        if (dispatcher != null) {
            try {
                dispatcher.stop(config.shutdownGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("interrupted while stopping the dispatcher; unreleased leases expire after their TTL");
            }
            closeQuietly("reply generator", injector.getInstance(ReplyGenerator.class));
        }
        api.stop();
        if (store == StoreKind.MEMORY) {
            QueueCounts left = injector.getInstance(ConversationQueue.class).counts();
            if (left.dueConversations() + left.leasedConversations() > 0) {
                log.warn("the in-memory store is discarded with {} conversations still holding messages",
                        left.dueConversations() + left.leasedConversations());
            }
        }
        closeQuietly("store", injector.getInstance(Key.get(AutoCloseable.class, StoreResource.class)));
        log.info("Pacer stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private static StoreKind resolveStore(PacerConfig config) {
        if (config.store() == StoreKind.MEMORY) {
            return StoreKind.MEMORY;
        }
        boolean redisAnswers = RedisProbe.answers(config.redisUrl(), PROBE_TIMEOUT_MILLIS);
        if (config.store() == StoreKind.REDIS) {
            if (!redisAnswers) {
                throw new StartupException("no Redis responds at " + redactedUrl(config)
                        + ": start Redis there, correct PACER_REDIS_URL, or set PACER_STORE=memory to run without it");
            }
            return StoreKind.REDIS;
        }
        if (redisAnswers) {
            return StoreKind.REDIS;
        }
        log.warn("""
                No Redis responds at {}, so Pacer runs on the IN-MEMORY store: queued messages are LOST on \
                restart and instances do not share work. Start Redis or set PACER_REDIS_URL for durable queues, \
                or set PACER_STORE=memory to silence this warning.""", config.redisUrl());
        return StoreKind.MEMORY;
    }

    private static void warnAboutLostReplies(PacerConfig config, Map<String, String> env, StoreKind store) {
        if (store == StoreKind.MEMORY && env.containsKey(Setting.REDIS_URL.variable())) {
            log.warn("PACER_REDIS_URL is set but PACER_STORE=memory, so Redis is not used");
        }
        if (config.role().dispatches() && config.webhookUrl() == null) {
            log.warn("PACER_WEBHOOK_URL is unset: replies reach only event-stream clients connected to this instance,"
                    + " and a reply sent while no client is connected is lost");
        }
    }

    private static String redactedUrl(PacerConfig config) {
        URI url = config.redisUrl();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static void logEffectiveConfig(PacerConfig config, Map<String, String> env, StoreKind store) {
        StringJoiner line = new StringJoiner(" ");
        for (Setting setting : Setting.values()) {
            String value = env.getOrDefault(setting.variable(), setting.defaultValue());
            if (value == null || value.isBlank()) {
                continue;
            }
            boolean hidden = setting.isSecret() || (setting == Setting.REDIS_URL && value.contains("@"));
            line.add(setting.variable() + "=" + (hidden ? "***" : value));
        }
        log.info("effective configuration: store={} ai={} {}",
                store.name().toLowerCase(), config.usesAi() ? "openai-compatible" : "offline", line);
    }

    private static void closeQuietly(String what, Object resource) {
        if (!(resource instanceof AutoCloseable closeable)) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing the {} failed", what, e);
        }
    }
}
