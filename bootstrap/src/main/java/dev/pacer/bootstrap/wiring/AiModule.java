package dev.pacer.bootstrap.wiring;

import com.google.inject.AbstractModule;
import dev.pacer.adapters.ai.OfflineReplyGenerator;
import dev.pacer.adapters.ai.OpenAiReplyGenerator;
import dev.pacer.adapters.ai.OpenAiSettings;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.bootstrap.config.PacerConfig;

/** Binds the reply generator: the configured OpenAI-compatible endpoint, or the offline one. */
final class AiModule extends AbstractModule {

    private final PacerConfig config;

    AiModule(PacerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        if (!config.usesAi()) {
            bind(ReplyGenerator.class).toInstance(new OfflineReplyGenerator());
            return;
        }
        OpenAiSettings settings = OpenAiSettings.of(config.aiBaseUrl().toString(), config.aiModel())
                .withApiKey(config.aiApiKey())
                .withRequestTimeout(config.aiTimeout());
        if (config.aiSystemPrompt() != null) {
            settings = settings.withSystemPrompt(config.aiSystemPrompt());
        }
        bind(ReplyGenerator.class).toInstance(new OpenAiReplyGenerator(settings));
    }
}
