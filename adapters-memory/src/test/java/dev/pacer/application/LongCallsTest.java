package dev.pacer.application;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.memory.InMemoryStore;
import dev.pacer.application.fixtures.ScriptedReplyGenerator;
import dev.pacer.application.port.ChatGateway;
import dev.pacer.domain.Message;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.Reply;
import dev.pacer.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** AI calls and deliveries that outlast the lease TTL, on real threads and the wall clock. */
class LongCallsTest {

    private static final Duration TTL = Duration.ofMillis(300);

    private final SystemWorkerClock clock = new SystemWorkerClock();
    private final InMemoryStore store = new InMemoryStore();
    private final ScriptedReplyGenerator generator = new ScriptedReplyGenerator(clock);
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @Test
    void deliveryLongerThanLeaseIsSentOnce() throws Exception {
        Message message = aMessage("u1", "hello");
        store.enqueue(message, 10);
        DispatchReplies dispatch = dispatcher(slowGateway(Duration.ofMillis(1_000), new CountDownLatch(1)));

        dispatch.pollOnce();

        assertThat(delivered).containsExactly(message.id());
        assertThat(store.pending(conversation("u1"))).isEmpty();
        assertThat(store.claim(1, TTL)).isEmpty();
    }

    @Test
    void lostLeaseInterruptsAiCall() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        generator.on("slow", message -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
                return "too late";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        store.enqueue(aMessage("u1", "slow"), 10);
        DispatchReplies dispatch = dispatcher(slowGateway(Duration.ZERO, new CountDownLatch(1)));
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                dispatch.pollOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        store.dropFromSchedule(conversation("u1"));

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("AI call interrupted after the lease was lost").isTrue();
        worker.join(5_000);
        assertThat(delivered).isEmpty();
    }

    @Test
    void shutdownDuringDeliveryFinishesIt() throws Exception {
        Message message = aMessage("u1", "hello");
        store.enqueue(message, 10);
        CountDownLatch sending = new CountDownLatch(1);
        DispatcherLoop loop = new DispatcherLoop(dispatcher(slowGateway(Duration.ofMillis(500), sending)), store);
        loop.start();
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();

        loop.stop(Duration.ZERO);

        assertThat(delivered).containsExactly(message.id());
        assertThat(store.pending(conversation("u1"))).as("the delivered reply was acknowledged").isEmpty();
    }

    @Test
    void shutdownDuringAiCallHoldsConversationForTtl() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        generator.on("slow", message -> {
            started.countDown();
            Thread.sleep(10_000);
            return "too late";
        });
        Message message = aMessage("u1", "slow");
        store.enqueue(message, 10);
        DispatcherLoop loop = new DispatcherLoop(dispatcher(slowGateway(Duration.ZERO, new CountDownLatch(1))), store);
        loop.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        loop.stop(Duration.ZERO);

        assertThat(store.claim(1, TTL)).as("claim while the abandoned call may still run").isEmpty();
        Thread.sleep(TTL.toMillis() + 100);
        assertThat(store.claim(1, TTL)).as("claim after one lease TTL").hasSize(1);
        assertThat(store.pending(conversation("u1"))).containsExactly(message);
        assertThat(delivered).isEmpty();
    }

    private ChatGateway slowGateway(Duration sendTime, CountDownLatch sending) {
        return new ChatGateway() {
            @Override
            public void showTyping(Message message) {}

            @Override
            public void send(Reply reply) throws InterruptedException {
                sending.countDown();
                long until = System.nanoTime() + sendTime.toNanos();
                boolean interrupted = false;
                // Like an HTTP request already on the wire, the delivery completes even if interrupted.
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                delivered.add(reply.idempotencyKey());
                if (interrupted) {
                    throw new InterruptedException("interrupted while delivering");
                }
            }
        };
    }

    private DispatchReplies dispatcher(ChatGateway gateway) {
        return new DispatchReplies(
                store, store, generator, gateway, clock, PacingPolicy.immediate(),
                new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(60), 0.0),
                new DispatchSettings(4, 4, TTL, 0, Duration.ofMillis(100)),
                new SplittableRandom(), Executors.newVirtualThreadPerTaskExecutor());
    }
}
