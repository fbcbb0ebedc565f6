package dev.pacer.adapters.redis;

import dev.pacer.application.port.ChatGateway;
import dev.pacer.application.port.ReplyGenerator;
import dev.pacer.domain.ConversationKey;
import dev.pacer.domain.Message;
import dev.pacer.domain.Reply;
import dev.pacer.domain.ReplyFailedException;
import dev.pacer.domain.Turn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A reply generator and chat gateway for dispatcher tests that records, per conversation, when
 * each AI call and each send started and ended, and which messages were answered in which order.
 */
final class ReplyRecorder {

    /** One AI call or send, timed with {@link System#nanoTime()}. */
    record Activity(ConversationKey conversation, String messageId, String kind, String worker, long start, long end) {}

    /** What a worker's AI call does before it returns the reply text; may block or throw. */
    @FunctionalInterface
    interface Behaviour {
        void run(Message message) throws ReplyFailedException, InterruptedException;
    }

    private final ConcurrentLinkedQueue<Activity> activities = new ConcurrentLinkedQueue<>();
    private final Map<ConversationKey, List<String>> sent = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> attemptsSeen = new ConcurrentHashMap<>();

    ReplyGenerator generator(String worker, Behaviour behaviour) {
        return new ReplyGenerator() {
            @Override
            public String generate(Message message, List<Turn> history) throws ReplyFailedException, InterruptedException {
                long start = System.nanoTime();
                attemptsSeen.computeIfAbsent(message.id(), id -> Collections.synchronizedList(new ArrayList<>()))
                        .add(message.attempts());
                try {
                    behaviour.run(message);
                    return "re:" + message.id();
                } finally {
                    activities.add(new Activity(message.conversation(), message.id(), "generate", worker, start, System.nanoTime()));
                }
            }
        };
    }

    ReplyGenerator generator(String worker) {
        return generator(worker, message -> {});
    }

    ChatGateway gateway(String worker) {
        return new ChatGateway() {
            @Override
            public void showTyping(Message message) {}

            @Override
            public void send(Reply reply) {
                long start = System.nanoTime();
                sent.computeIfAbsent(reply.conversation(), key -> Collections.synchronizedList(new ArrayList<>()))
                        .add(reply.idempotencyKey());
                activities.add(new Activity(reply.conversation(), reply.idempotencyKey(), "send", worker, start, System.nanoTime()));
            }
        };
    }

    /** Returns the ids of the messages answered in the conversation, in the order the replies were sent. */
    List<String> sentTo(ConversationKey conversation) {
        List<String> ids = sent.getOrDefault(conversation, List.of());
        synchronized (ids) {
            return List.copyOf(ids);
        }
    }

    int totalSent() {
        return sent.values().stream().mapToInt(List::size).sum();
    }

    List<Activity> activities() {
        return List.copyOf(activities);
    }

    List<Activity> activitiesOf(String worker, String kind) {
        return activities.stream().filter(a -> a.worker().equals(worker) && a.kind().equals(kind)).toList();
    }

    /** Returns the attempt counts the AI calls for a message saw, in call order. */
    List<Integer> attemptsSeen(String messageId) {
        return List.copyOf(attemptsSeen.getOrDefault(messageId, List.of()));
    }

    /**
     * Returns the pairs of activities of one conversation that overlap in time. With {@code
     * kinds} only activities of those kinds are compared.
     */
    List<String> overlaps(List<String> kinds) {
        Map<ConversationKey, List<Activity>> byConversation = new ConcurrentHashMap<>();
        for (Activity activity : activities) {
            if (kinds.contains(activity.kind())) {
                byConversation.computeIfAbsent(activity.conversation(), key -> new ArrayList<>()).add(activity);
            }
        }
        List<String> overlaps = new ArrayList<>();
        for (List<Activity> list : byConversation.values()) {
            list.sort(Comparator.comparingLong(Activity::start));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).start() < list.get(i - 1).end()) {
                    overlaps.add(list.get(i - 1) + " overlaps " + list.get(i));
                }
            }
        }
        return overlaps;
    }
}
