package dev.pacer.adapters.http;

import dev.pacer.application.EnqueueMessage;
import dev.pacer.application.InspectQueues;
import dev.pacer.application.QueueStats;
import dev.pacer.application.ReplayDeadLetters;
import dev.pacer.application.port.StoreHealth;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pacer HTTP server on Javalin. The full API serves the {@code /v1} endpoints of the HTTP
 * contract, behind the bearer token when one is set, the open {@code /health} probes and, given a
 * registry, {@code /metrics}. {@link #operationsOnly} serves the probes and metrics alone. Every error
 * response is an RFC 9457 problem details body written by {@link ProblemMapper}.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final HttpSettings settings;
    private final String name;
    /** The chat event streams, or null on an operations-only server. */
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
        this(settings, "HTTP API", Objects.requireNonNull(chatEvents), Problems::noEndpoint, apiRoutes(
                settings, enqueueMessage, inspectQueues, replayDeadLetters, queueStats, storeHealth, chatEvents, metrics));
    }

    private HttpApi(
            HttpSettings settings,
            String name,
            SseChatEvents chatEvents,
            Function<String, Problem> noEndpoint,
            Consumer<RoutesConfig> routes) {
        this.settings = Objects.requireNonNull(settings);
        this.name = name;
        this.chatEvents = chatEvents;
        this.app = Javalin.create(config -> {
            configure(config);
            new ProblemMapper(noEndpoint).register(config.routes);
            routes.accept(config.routes);
        });
    }

    /**
     * Creates a server with only {@code GET /health/live}, {@code GET /health/ready} and {@code GET
     * /metrics}, so that an instance running only the dispatcher can still be probed and scraped.
     * The metrics need the bearer token when {@code settings} has an API key, as on the full API.
     * Every other path gets a 404 problem that points to an instance serving the API.
     */
    public static HttpApi operationsOnly(HttpSettings settings, StoreHealth storeHealth, PrometheusMeterRegistry metrics) {
        HealthEndpoints health = new HealthEndpoints(Objects.requireNonNull(storeHealth));
        BearerAuth auth = new BearerAuth(Objects.requireNonNull(settings).apiKey());
        Objects.requireNonNull(metrics);

        return new HttpApi(settings, "HTTP health and metrics endpoints", null, Problems::noEndpointOnDispatcher,
                routes -> {
                    addHealthRoutes(routes, health);
                    addMetricsRoute(routes, auth, metrics);
                });
    }

    /** Starts listening on the configured host and port, and returns once the server accepts connections. */
    public HttpApi start() {
        HttpSettings.requireApiKeyUnlessLoopback(settings.host(), settings.apiKey());
        app.start(settings.host(), settings.port());
        log.info("{} listening on {}:{} (API key {})",
                name, settings.host(), port(), settings.apiKey() == null ? "unset" : "required");
        return this;
    }

    /** Returns the port the server listens on, which differs from the configured one when that was 0. */
    public int port() {
        return app.port();
    }

    /** Ends the event streams, if this server has any, and stops the server. Calling it again does nothing more. */
    public void stop() {
        if (chatEvents != null) {
            chatEvents.disconnectAll();
        }
        app.stop();
        log.info("{} stopped", name);
    }

    private static Consumer<RoutesConfig> apiRoutes(
            HttpSettings settings,
            EnqueueMessage enqueueMessage,
            InspectQueues inspectQueues,
            ReplayDeadLetters replayDeadLetters,
            QueueStats queueStats,
            StoreHealth storeHealth,
            SseChatEvents chatEvents,
            PrometheusMeterRegistry metrics) {
        MessageEndpoints messages = new MessageEndpoints(
                Objects.requireNonNull(enqueueMessage), Objects.requireNonNull(inspectQueues),
                new JsonBody(Objects.requireNonNull(settings).maxBodyBytes(), settings.bodyReadTimeout()));
        DeadLetterEndpoints deadLetters = new DeadLetterEndpoints(inspectQueues, Objects.requireNonNull(replayDeadLetters));
        StatsEndpoint stats = new StatsEndpoint(Objects.requireNonNull(queueStats));
        HealthEndpoints health = new HealthEndpoints(Objects.requireNonNull(storeHealth));
        EventStreamEndpoint events = new EventStreamEndpoint(Objects.requireNonNull(chatEvents));
        BearerAuth auth = new BearerAuth(settings.apiKey());

        return routes -> {
            routes.post(MessageEndpoints.ENQUEUE_PATH, auth.require(messages::enqueue));
            routes.get("/v1/users/{userId}/queue", auth.require(messages::pending));
            routes.get("/v1/dead-letters", auth.require(deadLetters::list));
            routes.post("/v1/dead-letters/{id}/replay", auth.require(deadLetters::replay));
            routes.delete("/v1/dead-letters/{id}", auth.require(deadLetters::delete));
            routes.get("/v1/stats", auth.require(stats::stats));
            routes.get("/v1/chats/{chatId}/events", auth.require(events::stream));
            addHealthRoutes(routes, health);
            if (metrics != null) {
                addMetricsRoute(routes, auth, metrics);
            }
        };
    }

    private static void addHealthRoutes(RoutesConfig routes, HealthEndpoints health) {
        routes.get("/health/live", health::live);
        routes.get("/health/ready", health::ready);
    }

    private static void addMetricsRoute(RoutesConfig routes, BearerAuth auth, PrometheusMeterRegistry metrics) {
        routes.get("/metrics", auth.require(ctx -> ctx
                .contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape())));
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(ApiJson.mapper(), true));
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new ProblemErrorHandler());
            // NOTE: headers sent a byte at a time have no deadline of their own. Jetty's idle timeout
            // and this limit are all that bound them.
            server.addBean(new NetworkConnectionLimit(settings.maxConnections(), server));
        });
    }
}
