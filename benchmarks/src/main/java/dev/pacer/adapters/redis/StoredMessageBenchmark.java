package dev.pacer.adapters.redis;

import dev.pacer.application.port.QueuedEntry;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.MessageType;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON a queue entry costs in the Redis adapter: written once per enqueue, read once per
 * claim and per acknowledge that returns a next head. Lives in the adapter's package to reach
 * the package-private {@code StoredMessage}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoredMessageBenchmark {

    private final Message message = new Message("u42-m3", new ConversationKey(ConversationKey.DEFAULT_BOT, "u42"),
            "chat42", "message 3 of user 42: could you tell me more about that, please?", MessageType.REGULAR,
            Instant.parse("2025-01-01T12:00:00.123456Z"), 0);
    private final String stored = StoredMessage.write(message);

    @Benchmark
    public String write() {
        return StoredMessage.write(message);
    }

    @Benchmark
    public QueuedEntry readEntry() {
        return StoredMessage.readEntry(stored, 64 * 1024);
    }
}
