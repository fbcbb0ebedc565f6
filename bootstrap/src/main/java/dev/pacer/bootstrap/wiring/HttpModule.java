package dev.pacer.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.pacer.adapters.http.FanOutChatGateway;
import dev.pacer.adapters.http.HttpApi;
import dev.pacer.adapters.http.HttpSettings;
import dev.pacer.adapters.http.MicrometerDispatchObserver;
import dev.pacer.adapters.http.SseChatEvents;
import dev.pacer.adapters.http.SseSettings;
import dev.pacer.adapters.http.WebhookChatGateway;
import dev.pacer.adapters.http.WebhookSettings;
import dev.pacer.application.EnqueueMessage;
import dev.pacer.application.InspectQueues;
import dev.pacer.application.QueueStats;
import dev.pacer.application.ReplayDeadLetters;
import dev.pacer.application.port.ChatGateway;
import dev.pacer.application.port.DispatchObserver;
import dev.pacer.application.port.StoreHealth;
import dev.pacer.bootstrap.config.PacerConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * Binds the HTTP API, the metrics it serves at {@code /metrics}, and the chat gateway: the webhook
 * when one is configured (a failed delivery fails the reply), with the server-sent event streams
 * of this instance as a best-effort copy.
 */
final class HttpModule extends AbstractModule {

    private final PacerConfig config;

    HttpModule(PacerConfig config) {
        this.config = config;
    }

    @Provides
    @Singleton
    SseChatEvents chatEvents(Clock clock) {
        return new SseChatEvents(SseSettings.defaults(), clock);
    }

    @Provides
    @Singleton
    ChatGateway chatGateway(SseChatEvents chatEvents, Clock clock) {
        if (config.webhookUrl() == null) {
            return chatEvents;
        }
        WebhookChatGateway webhook = new WebhookChatGateway(
                WebhookSettings.of(config.webhookUrl(), config.webhookSecret()), clock);
        return new FanOutChatGateway(webhook, List.of(chatEvents));
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    @Provides
    @Singleton
    DispatchObserver dispatchObserver(PrometheusMeterRegistry registry, QueueStats queueStats) {
        return new MicrometerDispatchObserver(registry, queueStats);
    }

    /** The server of a dispatcher-only instance: health and metrics, nothing that touches queues. */
    @Provides
    @Singleton
    @Operations
    HttpApi operationsApi(StoreHealth storeHealth, PrometheusMeterRegistry registry) {
        return HttpApi.operationsOnly(httpSettings(), storeHealth, registry);
    }

    @Provides
    @Singleton
    HttpApi httpApi(
            EnqueueMessage enqueueMessage,
            InspectQueues inspectQueues,
            ReplayDeadLetters replayDeadLetters,
            QueueStats queueStats,
            StoreHealth storeHealth,
            SseChatEvents chatEvents,
            PrometheusMeterRegistry registry) {
        return new HttpApi(
                httpSettings(), enqueueMessage, inspectQueues, replayDeadLetters, queueStats, storeHealth, chatEvents, registry);
    }

    private HttpSettings httpSettings() {
        return new HttpSettings(config.httpHost(), config.httpPort(), config.apiKey(), config.maxBodyBytes());
    }
}
