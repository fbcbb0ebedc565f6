package dev.pacer.adapters.http;

import dev.pacer.application.EnqueueMessage;
import dev.pacer.application.InspectQueues;
import dev.pacer.application.QueueStats;
import dev.pacer.application.ReplayDeadLetters;
import dev.pacer.application.port.StoreHealth;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pacer HTTP API on Javalin: the {@code /v1} endpoints of the HTTP contract, behind the bearer
 * token when one is set, and the open {@code /health} probes. Every error response is an RFC 9457
 * problem details body written by {@link ProblemMapper}.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final HttpSettings settings;
    private final SseChatEvents chatEvents;
    private final Javalin app;

    /** Creates the API without a metrics endpoint. */
    public HttpApi(
            HttpSettings settings,
            EnqueueMessage enqueueMessage,
            InspectQueues inspectQueues,
            ReplayDeadLetters replayDeadLetters,
            QueueStats queueStats,
            StoreHealth storeHealth,
            SseChatEvents chatEvents) {
        this(settings, enqueueMessage, inspectQueues, replayDeadLetters, queueStats, storeHealth, chatEvents, null);
    }

    /**
     * Creates the API.
     *
     * @param metrics the registry served at {@code GET /metrics} in the Prometheus text format, or
     *     null for no metrics endpoint
     */
    public HttpApi(
            HttpSettings settings,
            EnqueueMessage enqueueMessage,
            InspectQueues inspectQueues,
            ReplayDeadLetters replayDeadLetters,
            QueueStats queueStats,
            StoreHealth storeHealth,
            SseChatEvents chatEvents,
            PrometheusMeterRegistry metrics) {
        this.settings = Objects.requireNonNull(settings);
        this.chatEvents = Objects.requireNonNull(chatEvents);

        MessageEndpoints messages = new MessageEndpoints(
                Objects.requireNonNull(enqueueMessage), Objects.requireNonNull(inspectQueues),
                new JsonBody(settings.maxBodyBytes()));
        DeadLetterEndpoints deadLetters = new DeadLetterEndpoints(inspectQueues, Objects.requireNonNull(replayDeadLetters));
        StatusEndpoints status = new StatusEndpoints(Objects.requireNonNull(storeHealth), Objects.requireNonNull(queueStats));
        EventStreamEndpoint events = new EventStreamEndpoint(chatEvents);
        BearerAuth auth = new BearerAuth(settings.apiKey());

        this.app = Javalin.create(config -> {
            configure(config);
            new ProblemMapper().register(config.routes);

            config.routes.post("/v1/messages", auth.require(messages::enqueue));
            config.routes.get("/v1/users/{userId}/queue", auth.require(messages::pending));
            config.routes.get("/v1/dead-letters", auth.require(deadLetters::list));
            config.routes.post("/v1/dead-letters/{id}/replay", auth.require(deadLetters::replay));
            config.routes.delete("/v1/dead-letters/{id}", auth.require(deadLetters::delete));
            config.routes.get("/v1/stats", auth.require(status::stats));
            config.routes.get("/v1/chats/{chatId}/events", auth.require(events::stream));
            config.routes.get("/health/live", status::live);
            config.routes.get("/health/ready", status::ready);
            if (metrics != null) {
                config.routes.get("/metrics", auth.require(ctx -> ctx
                        .contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape())));
            }
        });
    }

    /** Starts listening on the configured host and port, and returns once the server accepts connections. */
    public HttpApi start() {
        HttpSettings.requireApiKeyUnlessLoopback(settings.host(), settings.apiKey());
        app.start(settings.host(), settings.port());
        log.info("HTTP API listening on {}:{} (API key {})",
                settings.host(), port(), settings.apiKey() == null ? "unset" : "required");
        return this;
    }

    /** Returns the port the server listens on, which differs from the configured one when that was 0. */
    public int port() {
        return app.port();
    }

    /** Ends the event streams and stops the server. Calling it again does nothing more. */
    public void stop() {
        chatEvents.disconnectAll();
        app.stop();
        log.info("HTTP API stopped");
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(ApiJson.mapper(), true));
        config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
    }
}
