package dev.pacer.benchmarks.system;

import dev.pacer.application.port.ChatGateway;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.domain.Message;
import dev.pacer.domain.PacingPolicy;
import dev.pacer.domain.Reply;
import dev.pacer.domain.Turn;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The chat platform of a benchmark: records every reply and checks the guarantees while the load
 * runs. Order means that each conversation's replies arrive in queue order. Single flight means
 * that no reply generation or send of a conversation overlaps another one of the same
 * conversation, across all the instances that share this recorder. A repeated send counts as a
 * duplicate.
 *
 * <p>With a pacing policy it also measures lateness: the first typing indicator of a message
 * marks the start of its work, the planned send is that start plus the policy's delay for the
 * reply (the policy must have no jitter), and the lateness is the actual send minus the plan.
 * Every array is allocated up front, so the recorder does not grow while heap is measured.
 */
public final class ReplyRecorder implements ChatGateway {

    private static final long NOT_SET = Long.MIN_VALUE;
    /** Passed to the policy, which draws nothing from it because the policy has no jitter. */
    private static final SplittableRandom NO_JITTER = new SplittableRandom(0);

    private final Conversations conversations;
    private final PacingPolicy pacing;
    private final AtomicIntegerArray busy;
    private final AtomicIntegerArray nextIndex;
    private final AtomicLongArray startNanos;
    private final AtomicLongArray latenessNanos;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger orderViolations = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger peakWaiting = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private volatile long firstSendNanos;
    private volatile long lastSendNanos;

    /** Creates a recorder that checks order and single flight; {@code pacing} may be null when lateness is not measured. */
    public ReplyRecorder(Conversations conversations, PacingPolicy pacing) {
        if (pacing != null && !pacing.jitterMax().isZero()) {
            throw new IllegalArgumentException("lateness needs a policy without jitter: " + pacing.jitterMax());
        }
        this.conversations = conversations;
        this.pacing = pacing;
        this.busy = new AtomicIntegerArray(conversations.count());
        this.nextIndex = new AtomicIntegerArray(conversations.count());
        this.startNanos = new AtomicLongArray(conversations.messages());
        this.latenessNanos = new AtomicLongArray(conversations.messages());
        for (int i = 0; i < conversations.messages(); i++) {
            startNanos.set(i, NOT_SET);
            latenessNanos.set(i, NOT_SET);
        }
    }

    /** Wraps a generator so that its calls take part in the single-flight check. */
    public ReplyGenerator checking(ReplyGenerator generator) {
        return new ReplyGenerator() {
            @Override
            public String generate(Message message, List<Turn> history)
                    throws dev.pacer.domain.ReplyFailedException, InterruptedException {
                int conversation = conversations.conversationOf(message.conversation().userId());
                enter(conversation);
                try {
                    return generator.generate(message, history);
                } finally {
                    busy.decrementAndGet(conversation);
                }
            }
        };
    }

    @Override
    public void showTyping(Message message) {
        int conversation = conversations.conversationOf(message.conversation().userId());
        int slot = slot(conversation, Conversations.indexOf(message.id()));
        if (startNanos.compareAndSet(slot, NOT_SET, System.nanoTime())) {
            started.incrementAndGet();
            peakWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
        }
    }

    @Override
    public void send(Reply reply) {
        long now = System.nanoTime();
        int conversation = conversations.conversationOf(reply.conversation().userId());
        int index = Conversations.indexOf(reply.idempotencyKey());
        enter(conversation);
        try {
            int expected = nextIndex.get(conversation);
            if (index < expected) {
                duplicates.incrementAndGet();
            } else if (index > expected) {
                orderViolations.incrementAndGet();
            }
            nextIndex.set(conversation, Math.max(expected, index + 1));
            recordLateness(slot(conversation, index), reply, now);
        } finally {
            busy.decrementAndGet(conversation);
        }
        if (sent.getAndIncrement() == 0) {
            firstSendNanos = now;
        }
        lastSendNanos = now;
    }

    public int sent() {
        return sent.get();
    }

    public int started() {
        return started.get();
    }

    public int orderViolations() {
        return orderViolations.get();
    }

    public int overlaps() {
        return overlaps.get();
    }

    public int duplicates() {
        return duplicates.get();
    }

    public int peakWaiting() {
        return peakWaiting.get();
    }

    public long lastSendNanos() {
        return lastSendNanos;
    }

    public long firstSendNanos() {
        return firstSendNanos;
    }

    /** Returns the messages that got no reply, counting each conversation from its last recorded reply. */
    public int missing() {
        int missing = 0;
        for (int conversation = 0; conversation < conversations.count(); conversation++) {
            missing += conversations.messagesEach() - Math.min(conversations.messagesEach(), nextIndex.get(conversation));
        }
        return missing;
    }

    /** Returns the recorded lateness of every message that showed typing, in nanoseconds. */
    public long[] latenessNanos() {
        long[] values = new long[latenessNanos.length()];
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            long value = latenessNanos.get(i);
            if (value != NOT_SET) {
                values[count++] = value;
            }
        }
        return java.util.Arrays.copyOf(values, count);
    }

    /** Blocks until {@code expected} replies were sent; returns false when {@code timeout} passed first. */
    public boolean awaitSent(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.get() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
        return true;
    }

    private void enter(int conversation) {
        if (busy.incrementAndGet(conversation) > 1) {
            overlaps.incrementAndGet();
        }
    }

    private void recordLateness(int slot, Reply reply, long sentNanos) {
        long start = startNanos.get(slot);
        if (pacing == null || start == NOT_SET) {
            return;
        }
        waiting.decrementAndGet();
        long delay = pacing.delayFor(reply.text().codePointCount(0, reply.text().length()), NO_JITTER)
                .toNanos();
        latenessNanos.set(slot, sentNanos - (start + delay));
    }

    private int slot(int conversation, int index) {
        return conversation * conversations.messagesEach() + index;
    }
}
