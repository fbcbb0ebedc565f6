package dev.pacer.adapters.memory;

import dev.pacer.application.port.Claim;
import dev.pacer.application.port.ConversationHistory;
import dev.pacer.application.port.ConversationQueue;
import dev.pacer.application.port.DeadLetterStore;
import dev.pacer.application.port.EnqueueOutcome;
import dev.pacer.application.port.Lease;
import dev.pacer.application.port.LeaseLostException;
import dev.pacer.application.port.QueueCounts;
import dev.pacer.application.port.QueuedEntry;
import dev.pacer.application.port.ReplayOutcome;
import dev.pacer.application.port.StoreHealth;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.DeadLetter;
import dev.pacer.domain.Message;
import dev.pacer.domain.Speaker;
import dev.pacer.domain.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every storage port in process memory, with the semantics of the Redis store: leases that expire,
 * fencing tokens, due times, bounded history and dead letters. For application tests and for
 * running without Redis; nothing survives a restart.
 *
 * <p>One lock guards all state, so every operation is atomic, as a Lua script is in Redis.
 */
public final class InMemoryStore implements ConversationQueue, ConversationHistory, DeadLetterStore, StoreHealth {

    private static final Logger log = LoggerFactory.getLogger(InMemoryStore.class);

    private record Held(long token, Instant expiresAt) {}

    private record Accepted(long position, Instant expiresAt) {}

    private final Clock clock;
    private final InMemorySettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();

    private final Map<ConversationKey, Deque<Message>> queues = new HashMap<>();
    private final Map<ConversationKey, Instant> due = new HashMap<>();
    private final Map<ConversationKey, Held> leases = new HashMap<>();
    private final Map<ConversationKey, Map<String, Accepted>> acceptedIds = new HashMap<>();
    private final Map<ConversationKey, Deque<Turn>> histories = new HashMap<>();
    private final LinkedHashMap<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private long lastToken;
    private long lastDeadLetterId;
    private long evictedDeadLetters;

    public InMemoryStore(Clock clock, InMemorySettings settings) {
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
    }

    public InMemoryStore() {
        this(Clock.systemUTC(), InMemorySettings.defaults());
    }

    // ConversationQueue

    @Override
    public EnqueueOutcome enqueue(Message message, int maxQueued) {
        lock.lock();
        try {
            Instant now = clock.instant();
            ConversationKey conversation = message.conversation();
            Map<String, Accepted> ids = acceptedIds.computeIfAbsent(conversation, key -> new HashMap<>());
            ids.values().removeIf(accepted -> !accepted.expiresAt().isAfter(now));

            Accepted earlier = ids.get(message.id());
            if (earlier != null) {
                return new EnqueueOutcome.Duplicate(message.id(), earlier.position());
            }
            Deque<Message> queue = queues.computeIfAbsent(conversation, key -> new ArrayDeque<>());
            if (queue.size() >= maxQueued) {
                return new EnqueueOutcome.QueueFull(maxQueued);
            }

            queue.addLast(message);
            long position = queue.size();
            ids.put(message.id(), new Accepted(position, now.plus(settings.idempotencyTtl())));
            scheduleIfIdle(conversation, now);
            return new EnqueueOutcome.Accepted(message.id(), position);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Claim> claim(int max, Duration leaseTtl) {
        lock.lock();
        try {
            Instant now = clock.instant();
            expireLeases(now);

            List<ConversationKey> ready = due.entrySet().stream()
                    .filter(entry -> !entry.getValue().isAfter(now))
                    .sorted(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .toList();

            List<Claim> claims = new ArrayList<>();
            for (ConversationKey conversation : ready) {
                if (claims.size() == max) {
                    break;
                }
                due.remove(conversation);
                Deque<Message> queue = queues.get(conversation);
                if (queue == null || queue.isEmpty()) {
                    continue;
                }
                long token = ++lastToken;
                leases.put(conversation, new Held(token, now.plus(leaseTtl)));
                Lease lease = new Lease(conversation, token, leaseTtl);
                claims.add(new Claim(lease, new QueuedEntry.Readable(queue.peekFirst())));
            }
            return claims;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitDue(Duration maxWait) throws InterruptedException {
        lock.lock();
        try {
            Instant now = clock.instant();
            Instant wakeAt = now.plus(maxWait);
            for (Instant at : due.values()) {
                if (at.isBefore(wakeAt)) {
                    wakeAt = at;
                }
            }
            for (Held held : leases.values()) {
                if (held.expiresAt().isBefore(wakeAt)) {
                    wakeAt = held.expiresAt();
                }
            }
            long nanos = Duration.between(now, wakeAt).toNanos();
            if (nanos > 0) {
                workArrived.await(nanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void renew(Lease lease) {
        lock.lock();
        try {
            requireHeld(lease, clock.instant());
            leases.put(lease.conversation(), new Held(lease.token(), clock.instant().plus(lease.ttl())));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<QueuedEntry> acknowledge(Lease lease, Message answered, String replyText) {
        lock.lock();
        try {
            Instant now = clock.instant();
            requireHeld(lease, now);
            Deque<Message> queue = queues.get(lease.conversation());
            queue.pollFirst();

            Deque<Turn> history = histories.computeIfAbsent(lease.conversation(), key -> new ArrayDeque<>());
            history.addLast(new Turn(Speaker.USER, answered.text(), answered.acceptedAt()));
            history.addLast(new Turn(Speaker.ASSISTANT, replyText, now));
            while (history.size() > settings.historyLimit()) {
                history.pollFirst();
            }
            return continueOrRelease(lease, queue, now);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void retryLater(Lease lease, Message failed, Duration backoff) {
        lock.lock();
        try {
            Instant now = clock.instant();
            requireHeld(lease, now);
            Deque<Message> queue = queues.get(lease.conversation());
            queue.pollFirst();
            queue.addFirst(failed);

            leases.remove(lease.conversation());
            due.put(lease.conversation(), now.plus(backoff));
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<QueuedEntry> deadLetter(Lease lease, DeadLetter letter) {
        lock.lock();
        try {
            Instant now = clock.instant();
            requireHeld(lease, now);
            Deque<Message> queue = queues.get(lease.conversation());
            queue.pollFirst();

            String id = "dl-" + (++lastDeadLetterId);
            deadLetters.put(id, letter.withId(id));
            evictOldDeadLetters();
            return continueOrRelease(lease, queue, now);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(Lease lease) {
        lock.lock();
        try {
            Instant now = clock.instant();
            requireHeld(lease, now);
            leases.remove(lease.conversation());
            Deque<Message> queue = queues.get(lease.conversation());
            if (queue != null && !queue.isEmpty()) {
                due.put(lease.conversation(), now);
                workArrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Message> pending(ConversationKey conversation) {
        lock.lock();
        try {
            return List.copyOf(queues.getOrDefault(conversation, new ArrayDeque<>()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int repair() {
        lock.lock();
        try {
            Instant now = clock.instant();
            int repaired = 0;
            for (Map.Entry<ConversationKey, Deque<Message>> entry : queues.entrySet()) {
                ConversationKey conversation = entry.getKey();
                if (!entry.getValue().isEmpty() && !due.containsKey(conversation) && !leases.containsKey(conversation)) {
                    due.put(conversation, now);
                    repaired++;
                }
            }
            if (repaired > 0) {
                workArrived.signalAll();
            }
            return repaired;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public QueueCounts counts() {
        lock.lock();
        try {
            return new QueueCounts(due.size(), leases.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a conversation from the schedule while keeping its messages, as a crash between two
     * writes of an older version or a partial restore would leave it. For repair tests.
     */
    public void dropFromSchedule(ConversationKey conversation) {
        lock.lock();
        try {
            due.remove(conversation);
            leases.remove(conversation);
        } finally {
            lock.unlock();
        }
    }

    // ConversationHistory

    @Override
    public List<Turn> recent(ConversationKey conversation, int limit) {
        lock.lock();
        try {
            List<Turn> all = List.copyOf(histories.getOrDefault(conversation, new ArrayDeque<>()));
            return all.subList(Math.max(0, all.size() - limit), all.size());
        } finally {
            lock.unlock();
        }
    }

    // DeadLetterStore

    @Override
    public List<DeadLetter> list(int limit) {
        lock.lock();
        try {
            return deadLetters.values().stream().limit(limit).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<DeadLetter> find(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(deadLetters.get(id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReplayOutcome replay(String id) {
        lock.lock();
        try {
            DeadLetter letter = deadLetters.get(id);
            if (letter == null) {
                return new ReplayOutcome.NotFound(id);
            }
            if (letter.message() == null) {
                return new ReplayOutcome.Unreadable(id);
            }

            deadLetters.remove(id);
            Message message = letter.message().withAttemptsReset();
            Deque<Message> queue = queues.computeIfAbsent(letter.conversation(), key -> new ArrayDeque<>());
            queue.addLast(message);
            scheduleIfIdle(letter.conversation(), clock.instant());
            return new ReplayOutcome.Requeued(id, message.id(), queue.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        lock.lock();
        try {
            return deadLetters.remove(id) != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long count() {
        lock.lock();
        try {
            return deadLetters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many dead letters were dropped to respect the capacity since the start. */
    public long evictedDeadLetters() {
        lock.lock();
        try {
            return evictedDeadLetters;
        } finally {
            lock.unlock();
        }
    }

    // StoreHealth

    @Override
    public boolean isAvailable() {
        return true;
    }

    private void scheduleIfIdle(ConversationKey conversation, Instant now) {
        if (!leases.containsKey(conversation) && !due.containsKey(conversation)) {
            due.put(conversation, now);
            workArrived.signalAll();
        }
    }

    private void expireLeases(Instant now) {
        Iterator<Map.Entry<ConversationKey, Held>> it = leases.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<ConversationKey, Held> entry = it.next();
            if (!entry.getValue().expiresAt().isAfter(now)) {
                it.remove();
                due.put(entry.getKey(), entry.getValue().expiresAt());
            }
        }
    }

    private void requireHeld(Lease lease, Instant now) {
        Held held = leases.get(lease.conversation());
        if (held == null || held.token() != lease.token() || !held.expiresAt().isAfter(now)) {
            throw new LeaseLostException(lease.conversation(), lease.token());
        }
    }

    private Optional<QueuedEntry> continueOrRelease(Lease lease, Deque<Message> queue, Instant now) {
        if (queue.isEmpty()) {
            queues.remove(lease.conversation());
            leases.remove(lease.conversation());
            return Optional.empty();
        }
        leases.put(lease.conversation(), new Held(lease.token(), now.plus(lease.ttl())));
        return Optional.of(new QueuedEntry.Readable(queue.peekFirst()));
    }

    private void evictOldDeadLetters() {
        Iterator<String> oldestFirst = deadLetters.keySet().iterator();
        while (deadLetters.size() > settings.deadLetterLimit()) {
            String evicted = oldestFirst.next();
            oldestFirst.remove();
            evictedDeadLetters++;
            log.warn("dead letter {} evicted: the store keeps at most {}", evicted, settings.deadLetterLimit());
        }
    }
}
