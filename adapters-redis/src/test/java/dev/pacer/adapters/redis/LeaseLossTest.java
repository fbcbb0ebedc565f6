package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.SystemWorkerClock;
import dev.pacer.application.port.WorkerClock;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import dev.pacer.domain.PacingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Leases across dispatchers: a stalled worker loses its lease, a renewing one keeps it. */
class LeaseLossTest {

    private static final Duration LEASE_TTL = Duration.ofMillis(600);
    private static final ConversationKey CONVERSATION = new ConversationKey("bot", "alice");

    private static RedisServerProcess server;
    private RedisSettings settings;

    @BeforeAll
    static void startRedis() {
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void flush() {
        server.flush();
        settings = RedisSettings.defaults(server.url()).withShards(8);
    }

    /**
     * A worker clock whose waits for the AI call ignore their deadline, as a thread stalled in a
     * long pause would: no lease renewal runs until the AI call has returned.
     */
    private static final class StalledClock implements WorkerClock {
        private final SystemWorkerClock system = new SystemWorkerClock();

        @Override
        public Instant now() {
            return system.now();
        }

        @Override
        public void sleepUntil(Instant deadline) throws InterruptedException {
            system.sleepUntil(deadline);
        }

        @Override
        public void awaitUntil(Future<?> work, Instant deadline) throws InterruptedException {
            try {
                work.get();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // The dispatcher reads the outcome from the future itself.
            }
        }
    }

    @Test
    void stalledWorkerLosesLeaseAndSendsNothing() throws Exception {
        ReplyRecorder recorder = new ReplyRecorder();
        CountDownLatch stalledStarted = new CountDownLatch(1);
        CountDownLatch stalledMayFinish = new CountDownLatch(1);
        TestDispatcher stalled = new TestDispatcher(settings,
                recorder.generator("stalled", message -> {
                    stalledStarted.countDown();
                    stalledMayFinish.await();
                }),
                recorder.gateway("stalled"), PacingPolicy.immediate(),
                TestDispatcher.dispatchSettings(LEASE_TTL), new StalledClock()).start();
        TestDispatcher healthy = null;
        try {
            Message message = enqueue("m1");
            assertThat(stalledStarted.await(10, TimeUnit.SECONDS)).as("stalled worker started").isTrue();

            healthy = new TestDispatcher(settings, recorder.generator("healthy"), recorder.gateway("healthy"),
                    TestDispatcher.dispatchSettings(LEASE_TTL)).start();
            Eventually.await("the healthy worker answered", Duration.ofSeconds(10),
                    () -> recorder.sentTo(CONVERSATION).size() == 1, () -> "sent " + recorder.sentTo(CONVERSATION));

            stalledMayFinish.countDown();
            Eventually.await("the stalled AI call returned", Duration.ofSeconds(10),
                    () -> !recorder.activitiesOf("stalled", "generate").isEmpty(), () -> "no stalled AI call recorded");
            Thread.sleep(LEASE_TTL.toMillis());

            assertThat(recorder.sentTo(CONVERSATION)).containsExactly(message.id());
            assertThat(recorder.activitiesOf("stalled", "send")).isEmpty();
            assertThat(recorder.activitiesOf("healthy", "send")).hasSize(1);
            assertThat(healthy.store().queue().pending(CONVERSATION)).isEmpty();
            assertThat(healthy.store().history().recent(CONVERSATION, 10)).hasSize(2);
        } finally {
            stalledMayFinish.countDown();
            stalled.close();
            if (healthy != null) {
                healthy.close();
            }
        }
    }

    @Test
    void renewedLeaseKeepsOneOwnerForLongDelay() throws Exception {
        Duration delay = LEASE_TTL.multipliedBy(4);
        PacingPolicy slow = new PacingPolicy(delay, Duration.ZERO, Duration.ZERO, delay, delay,
                Duration.ofDays(1), Duration.ofSeconds(4));
        ReplyRecorder recorder = new ReplyRecorder();
        TestDispatcher first = new TestDispatcher(settings, recorder.generator("first"), recorder.gateway("first"),
                slow, TestDispatcher.dispatchSettings(LEASE_TTL), new SystemWorkerClock()).start();
        TestDispatcher second = new TestDispatcher(settings, recorder.generator("second"), recorder.gateway("second"),
                slow, TestDispatcher.dispatchSettings(LEASE_TTL), new SystemWorkerClock()).start();
        try {
            Message message = enqueue("m1");

            Eventually.await("the message is answered", Duration.ofSeconds(20),
                    () -> recorder.sentTo(CONVERSATION).size() == 1, () -> "nothing sent yet");
            Thread.sleep(LEASE_TTL.toMillis() * 2);

            assertThat(recorder.sentTo(CONVERSATION)).containsExactly(message.id());
            List<ReplyRecorder.Activity> activities = recorder.activities();
            assertThat(activities.stream().filter(a -> a.kind().equals("generate"))).hasSize(1);
            assertThat(activities.stream().map(ReplyRecorder.Activity::worker).distinct()).hasSize(1);
            ReplyRecorder.Activity generate = activities.stream().filter(a -> a.kind().equals("generate")).findFirst().orElseThrow();
            ReplyRecorder.Activity send = activities.stream().filter(a -> a.kind().equals("send")).findFirst().orElseThrow();
            assertThat(Duration.ofNanos(send.start() - generate.start()))
                    .as("time the one owner held the conversation, several lease TTLs")
                    .isGreaterThan(LEASE_TTL.multipliedBy(3));
        } finally {
            first.close();
            second.close();
        }
    }

    private Message enqueue(String id) {
        RedissonClient client = RedisClients.create(settings);
        try (RedisStore store = new RedisStore(client, settings)) {
            Message message = new Message(id, CONVERSATION, "chat-alice", "hello", MessageType.REGULAR, Instant.now(), 0);
            store.queue().enqueue(message, 10);
            return message;
        } finally {
            client.shutdown();
        }
    }
}
