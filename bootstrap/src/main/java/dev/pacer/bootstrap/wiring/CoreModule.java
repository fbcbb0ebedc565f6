package dev.pacer.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.pacer.application.DispatchReplies;
import dev.pacer.application.DispatchSettings;
import dev.pacer.application.DispatcherLoop;
import dev.pacer.application.EnqueueMessage;
import dev.pacer.application.InspectQueues;
import dev.pacer.application.QueueStats;
import dev.pacer.application.RepairQueues;
import dev.pacer.application.ReplayDeadLetters;
import dev.pacer.application.SystemWorkerClock;
import dev.pacer.application.port.ChatGateway;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.DispatchObserver;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.application.port.WorkerClock;
import dev.pacer.bootstrap.config.PacerConfig;
import dev.pacer.domain.TextLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;

/** The use cases, built from the configuration and whichever adapters the other modules bind. */
final class CoreModule extends AbstractModule {

    /** Maximum wait for new work when no wake-up arrives. The Redis store wakes idle loops sooner. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    private static final int CLAIM_BATCH = 16;

    private final PacerConfig config;

    CoreModule(PacerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(PacerConfig.class).toInstance(config);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(WorkerClock.class).toInstance(new SystemWorkerClock());
    }

    @Provides
    @Singleton
    EnqueueMessage enqueueMessage(ConversationQueue queue, Clock clock) {
        return new EnqueueMessage(queue, new TextLimits(config.maxTextLength()), config.maxQueuedPerUser(), clock);
    }

    @Provides
    @Singleton
    InspectQueues inspectQueues(ConversationQueue queue, DeadLetterStore deadLetters) {
        return new InspectQueues(queue, deadLetters);
    }

    @Provides
    @Singleton
    ReplayDeadLetters replayDeadLetters(DeadLetterStore deadLetters) {
        return new ReplayDeadLetters(deadLetters);
    }

    @Provides
    @Singleton
    QueueStats queueStats(ConversationQueue queue, DeadLetterStore deadLetters) {
        return new QueueStats(queue, deadLetters);
    }

    @Provides
    @Singleton
    RepairQueues repairQueues(ConversationQueue queue) {
        return new RepairQueues(queue);
    }

    @Provides
    @Singleton
    DispatchReplies dispatchReplies(
            ConversationQueue queue,
            ConversationHistory history,
            ReplyGenerator generator,
            ChatGateway gateway,
            WorkerClock clock,
            DispatchObserver observer) {
        DispatchSettings settings = new DispatchSettings(
                config.workers(), Math.min(CLAIM_BATCH, config.workers()), config.leaseTtl(),
                config.usesAi() ? config.historyTurns() : 0, IDLE_WAIT);
        return new DispatchReplies(
                queue, history, generator, gateway, clock, config.pacing(), config.retry(), settings,
                new SplittableRandom(), Executors.newVirtualThreadPerTaskExecutor(), observer);
    }

    @Provides
    @Singleton
    DispatcherLoop dispatcherLoop(DispatchReplies dispatch, ConversationQueue queue) {
        return new DispatcherLoop(dispatch, queue);
    }
}
