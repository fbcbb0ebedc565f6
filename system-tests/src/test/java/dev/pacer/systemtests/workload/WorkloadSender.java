package dev.pacer.systemtests.workload;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link WorkloadPlan} over HTTP, one virtual thread per conversation, each request to an
 * instance picked at random. A conversation sends its next message only after the previous one was
 * accepted, so the acceptance order of a conversation is its plan order.
 *
 * <p>A 503, a 429 or a failed connection is retried on another random instance with the same
 * messageId, so a message that was stored before its response got lost is not queued twice. A
 * message counts as accepted only when a response returned 202 or 200.
 */
public final class WorkloadSender {

    private static final Logger log = LoggerFactory.getLogger(WorkloadSender.class);

    private final PacerClient client;
    private final List<URI> instances;
    private final long seed;
    private final Duration giveUpAfter;

    /**
     * @param giveUpAfter how long one message is retried before it is recorded as not accepted
     */
    public WorkloadSender(PacerClient client, List<URI> instances, long seed, Duration giveUpAfter) {
        this.client = client;
        this.instances = List.copyOf(instances);
        this.seed = seed;
        this.giveUpAfter = giveUpAfter;
    }

    /** Sends every message of {@code plan} and returns when all conversations are done. */
    public List<SentMessage> send(WorkloadPlan plan) throws InterruptedException {
        List<SentMessage> sent = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (WorkloadPlan.ConversationPlan conversation : plan.conversations()) {
                Random random = new Random(seed * 31 + conversation.conversation());
                senders.execute(() -> sendConversation(conversation, random, sent));
            }
            senders.shutdown();
            if (!senders.awaitTermination(plan.sendingPeriod().plus(giveUpAfter).plusMinutes(5).toMillis(),
                    TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the workload senders did not finish");
            }
        }
        return List.copyOf(sent);
    }

    private void sendConversation(WorkloadPlan.ConversationPlan conversation, Random random, List<SentMessage> sent) {
        try {
            for (WorkloadPlan.Burst burst : conversation.bursts()) {
                Thread.sleep(burst.pauseBefore());
                for (PlannedMessage message : burst.messages()) {
                    SentMessage result = enqueueUntilAccepted(message, random);
                    sent.add(result);
                    if (!result.accepted()) {
                        log.warn("message={} not accepted after {} attempts: {}",
                                message.messageId(), result.attempts(), result.rejection());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SentMessage enqueueUntilAccepted(PlannedMessage message, Random random) throws InterruptedException {
        Instant first = Instant.now();
        Instant giveUp = first.plus(giveUpAfter);
        int attempts = 0;
        int unavailable = 0;
        int queueFull = 0;
        String lastProblem = null;
        while (Instant.now().isBefore(giveUp)) {
            attempts++;
            URI instance = instances.get(random.nextInt(instances.size()));
            try {
                PacerClient.Response response = client.enqueue(instance, message);
                switch (response.status()) {
                    case 202, 200 -> {
                        return new SentMessage(message, first, Instant.now(), response.status(), attempts,
                                unavailable, queueFull, null);
                    }
                    case 503 -> {
                        unavailable++;
                        lastProblem = "503 " + response.body();
                    }
                    case 429 -> {
                        queueFull++;
                        lastProblem = "429 " + response.body();
                    }
                    default -> {
                        return new SentMessage(message, first, null, 0, attempts, unavailable, queueFull,
                                response.status() + " " + response.body());
                    }
                }
            } catch (IOException e) {
                unavailable++;
                lastProblem = e.toString();
            }
            Thread.sleep(50 + random.nextInt(150));
        }
        return new SentMessage(message, first, null, 0, attempts, unavailable, queueFull,
                "gave up after " + giveUpAfter.toSeconds() + " s; last problem: " + lastProblem);
    }
}
