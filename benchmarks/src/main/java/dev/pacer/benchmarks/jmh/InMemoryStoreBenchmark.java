package dev.pacer.benchmarks.jmh;

import dev.pacer.adapters.memory.InMemoryStore;
import dev.pacer.application.port.Claim;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One turn of the in-memory store's hot path with {@code due} conversations waiting: claim the
 * earliest, acknowledge its head, release it and enqueue a new message to it, so the backlog
 * stays the same size from one operation to the next.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InMemoryStoreBenchmark {

    private static final Duration LEASE_TTL = Duration.ofSeconds(30);
    private static final int QUEUED_EACH = 3;

    @Param({"100", "10000"})
    public int due;

    private InMemoryStore store;
    private long sequence;

    @Setup(Level.Trial)
    public void fill() {
        store = new InMemoryStore();
        for (int conversation = 0; conversation < due; conversation++) {
            for (int i = 0; i < QUEUED_EACH; i++) {
                store.enqueue(message(conversation), 100);
            }
        }
    }

    @Benchmark
    public Object claimAcknowledgeReleaseEnqueue() {
        List<Claim> claims = store.claim(1, LEASE_TTL);
        Claim claim = claims.getFirst();
        Message head = ((QueuedEntry.Readable) claim.head()).message();
        store.acknowledge(claim.lease(), head, "reply");
        store.release(claim.lease());
        return store.enqueue(message(Integer.parseInt(head.conversation().userId().substring(1))), 100);
    }

    private Message message(int conversation) {
        long id = sequence++;
        return new Message("m" + id, new ConversationKey(ConversationKey.DEFAULT_BOT, "u" + conversation),
                "chat" + conversation, "message " + id, MessageType.REGULAR, Instant.now(), 0);
    }
}
